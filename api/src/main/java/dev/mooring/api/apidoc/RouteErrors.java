package dev.mooring.api.apidoc;

import dev.mooring.api.gate.GateRoutes;
import dev.mooring.kernel.ErrorCode;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springframework.http.HttpMethod;

import java.util.EnumSet;
import java.util.Set;

import static dev.mooring.kernel.ErrorCode.ALREADY_CONNECTED;
import static dev.mooring.kernel.ErrorCode.BATCH_TOO_LARGE;
import static dev.mooring.kernel.ErrorCode.CONNECT_SESSION_EXPIRED;
import static dev.mooring.kernel.ErrorCode.FACEBOOK_PAGES_NONE;
import static dev.mooring.kernel.ErrorCode.IDEMPOTENCY_CONFLICT;
import static dev.mooring.kernel.ErrorCode.IDEMPOTENCY_IN_PROGRESS;
import static dev.mooring.kernel.ErrorCode.INSUFFICIENT_SCOPE;
import static dev.mooring.kernel.ErrorCode.INTERNAL_ERROR;
import static dev.mooring.kernel.ErrorCode.INVALID_PROXY_PATH;
import static dev.mooring.kernel.ErrorCode.NOT_FOUND;
import static dev.mooring.kernel.ErrorCode.PAYLOAD_TOO_LARGE;
import static dev.mooring.kernel.ErrorCode.PINTEREST_BOARDS_NONE;
import static dev.mooring.kernel.ErrorCode.PLATFORM_AUTH_FAILED;
import static dev.mooring.kernel.ErrorCode.PLATFORM_NOT_ENABLED;
import static dev.mooring.kernel.ErrorCode.PLATFORM_REJECTED;
import static dev.mooring.kernel.ErrorCode.PLATFORM_UNAVAILABLE;
import static dev.mooring.kernel.ErrorCode.PROXY_HOST_NOT_ALLOWED;
import static dev.mooring.kernel.ErrorCode.QUOTA_EXCEEDED;
import static dev.mooring.kernel.ErrorCode.RATE_LIMITED;
import static dev.mooring.kernel.ErrorCode.SERVICE_BUSY;
import static dev.mooring.kernel.ErrorCode.TOKEN_REFRESHED_RETRY;
import static dev.mooring.kernel.ErrorCode.UNAUTHENTICATED;
import static dev.mooring.kernel.ErrorCode.UNSUPPORTED_MEDIA_TYPE;
import static dev.mooring.kernel.ErrorCode.VALIDATION_FAILED;

/**
 * The error codes a route can answer, from what the route is: who guards it (the gate), what it
 * reads (body, query, ids), whether it keeps an {@code Idempotency-Key}, takes from a rate limit or
 * a quota, or asks a platform. Each rule names the part of Mooring that answers the code.
 */
final class RouteErrors {

    private RouteErrors() {
    }

    /** The codes one item of a partly failed import carries in its own {@code error} (command/importing). */
    static Set<ErrorCode> ofImportedItem() {
        return EnumSet.of(VALIDATION_FAILED, PLATFORM_NOT_ENABLED, ALREADY_CONNECTED, INTERNAL_ERROR);
    }

    static Set<ErrorCode> of(HttpMethod method, String path, Operation operation) {
        Set<ErrorCode> codes = EnumSet.of(INTERNAL_ERROR);
        if (Routes.isOperator(path)) {
            codes.add(UNAUTHENTICATED); // the admin token; 404 when none is configured
            codes.add(NOT_FOUND);
            return codes;
        }
        if (Routes.isConnectPage(path)) {
            return ofConnectPage(method, path, operation, codes);
        }
        codes.add(SERVICE_BUSY); // every /v1 route reads the database (api/error/ErrorEnvelopeHandler)
        if (!Routes.isOAuthReturn(method, path)) {
            codes.add(UNAUTHENTICATED); // the gate: a key, and the route's scope (api/gate)
            codes.add(INSUFFICIENT_SCOPE);
        }
        if (Routes.namesAResource(path)) {
            codes.add(NOT_FOUND); // a missing, malformed or another workspace's id
        }
        if (operation.getRequestBody() != null) {
            codes.add(VALIDATION_FAILED);
            codes.add(UNSUPPORTED_MEDIA_TYPE);
        }
        if (operation.getParameters() != null && operation.getParameters().stream().map(Parameter::getIn).anyMatch("query"::equals)) {
            codes.add(VALIDATION_FAILED);
        }
        if (keepsIdempotencyKey(method, path)) {
            codes.add(IDEMPOTENCY_CONFLICT);
            codes.add(IDEMPOTENCY_IN_PROGRESS);
        }
        if (isRateLimited(method, path)) {
            codes.add(RATE_LIMITED);
        }
        if (takesFromAQuota(method, path)) {
            codes.add(QUOTA_EXCEEDED);
        }
        if (Routes.isConnect(path)) {
            codes.addAll(Set.of(VALIDATION_FAILED, PLATFORM_NOT_ENABLED, PLATFORM_REJECTED, PLATFORM_AUTH_FAILED, PLATFORM_UNAVAILABLE));
            if (Routes.isOAuthReturn(method, path) || path.endsWith("/select")) {
                codes.add(FACEBOOK_PAGES_NONE); // a Facebook user who manages no Page
            }
            if (Routes.isOAuthReturn(method, path)) {
                codes.add(PINTEREST_BOARDS_NONE); // a Pinterest user with no board (platform/pinterest)
            }
        }
        if (Routes.isProxy(path)) {
            // api/proxy: the path or URL checked first, the body limit, the account's state, the platform's reach,
            // an expired token renewed when the streamed body cannot be replayed; a family the platform said
            // is spent (RateLimitGuard) or no upstream slot free (UpstreamWork); the platform's own answers
            // (its 4xx, 429, 5xx) pass through as they are, in its shape
            codes.addAll(Set.of(INVALID_PROXY_PATH, PAYLOAD_TOO_LARGE, PLATFORM_AUTH_FAILED, PLATFORM_UNAVAILABLE,
                    TOKEN_REFRESHED_RETRY, RATE_LIMITED));
            if (path.endsWith("/proxy-url")) {
                codes.add(PROXY_HOST_NOT_ALLOWED);
            }
        }
        if (path.equals("/v1/connect-sessions")) {
            codes.add(PLATFORM_NOT_ENABLED); // api/connectpage: a platform to offer that is not configured
        }
        if (Routes.isImport(path)) {
            codes.add(BATCH_TOO_LARGE); // api/importing: MOORING_IMPORT_MAX_BATCH
        }
        if (Routes.asksThePlatform(path)) {
            codes.addAll(Set.of(PLATFORM_REJECTED, PLATFORM_AUTH_FAILED, PLATFORM_UNAVAILABLE, RATE_LIMITED));
        }
        return codes;
    }

    /**
     * api/connectpage: the page itself is static; each of its script's routes finds the link by its
     * token (unknown, expired or used: {@code connect_session_expired}), and those that connect
     * answer as the API's own connect routes do.
     */
    private static Set<ErrorCode> ofConnectPage(HttpMethod method, String path, Operation operation, Set<ErrorCode> codes) {
        if (path.equals("/connect/{token}")) {
            return codes;
        }
        codes.addAll(Set.of(SERVICE_BUSY, CONNECT_SESSION_EXPIRED));
        if (operation.getRequestBody() != null) {
            codes.add(VALIDATION_FAILED);
            codes.add(UNSUPPORTED_MEDIA_TYPE);
        }
        if (Routes.connectsFromThePage(path)) {
            codes.addAll(Set.of(VALIDATION_FAILED, PLATFORM_NOT_ENABLED, PLATFORM_REJECTED, PLATFORM_AUTH_FAILED, PLATFORM_UNAVAILABLE));
        }
        if (path.contains("/oauth/") || path.endsWith("/bluesky")) {
            codes.add(RATE_LIMITED); // api/limits/RateLimits: connect starts, Bluesky logins
        }
        if (path.contains("/oauth/")) {
            codes.add(QUOTA_EXCEEDED); // pending connects
        }
        if (path.contains("/choice/")) {
            codes.add(FACEBOOK_PAGES_NONE); // the Page picked is listed again: gone meanwhile (platform/facebook)
        }
        return codes;
    }

    /**
     * api/idempotency: every POST and DELETE under /v1 but the token hand-out, whose answer is never kept,
     * and the proxy, which passes the key on to the platform.
     */
    private static boolean keepsIdempotencyKey(HttpMethod method, String path) {
        return (HttpMethod.POST.equals(method) || HttpMethod.DELETE.equals(method))
                && !path.equals(GateRoutes.TOKEN_HAND_OUT_PATH) && !Routes.isProxy(path);
    }

    /** api/limits/RateLimits: connect starts (and Connect page links) and Bluesky logins, account checks, webhook resends. */
    private static boolean isRateLimited(HttpMethod method, String path) {
        return HttpMethod.POST.equals(method) && (path.equals("/v1/accounts/connect/{platform}") || path.equals("/v1/connect-sessions")
                || path.equals("/v1/accounts/connect/bluesky/complete") || path.endsWith("/resend"));
    }

    /** api/limits/LimitsProperties: pending connects, webhook endpoints, open event streams. */
    private static boolean takesFromAQuota(HttpMethod method, String path) {
        return (HttpMethod.POST.equals(method) && (path.equals("/v1/accounts/connect/{platform}") || path.equals("/v1/webhook-endpoints")))
                || path.equals("/v1/events");
    }
}
