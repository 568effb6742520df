package dev.mooring.kernel;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The stable error codes of the public API, with the HTTP status each one answers. */
public enum ErrorCode {
    VALIDATION_FAILED("validation_failed", 400),
    // the proxy's path or URL could leave the platform's hosts (absolute URL, dot segments, userinfo...)
    INVALID_PROXY_PATH("invalid_proxy_path", 400),
    // proxy-url named a host that is not on the account's platform's upload list
    PROXY_HOST_NOT_ALLOWED("proxy_host_not_allowed", 400),
    UNAUTHENTICATED("unauthenticated", 401),
    UNAUTHORIZED("unauthorized", 403),
    // the API key is valid but was not given the scope the route needs
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    PLATFORM_NOT_ENABLED("platform_not_enabled", 403),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    // a proxied body over MOORING_PROXY_MAX_BODY; nothing of it reached the platform as a whole request
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    PLATFORM_REJECTED("platform_rejected", 422),
    PLATFORM_AUTH_FAILED("platform_auth_failed", 422),
    PLATFORM_UNAVAILABLE("platform_unavailable", 503),
    // 503: every database connection is busy; nothing was done, and asking again shortly will do
    SERVICE_BUSY("service_busy", 503),
    FACEBOOK_PAGES_NONE("facebook.pages.none", 422),
    // a Pinterest user with no board: pins need one, so nothing was connected; they create one and connect again
    PINTEREST_BOARDS_NONE("pinterest.boards.none", 422),
    RATE_LIMITED("rate_limited", 429),
    IDEMPOTENCY_CONFLICT("idempotency_conflict", 409),
    IDEMPOTENCY_IN_PROGRESS("idempotency_in_progress", 409),
    // 409: the platform refused a proxied call's token as expired, Mooring renewed it, and the body was streamed
    // (over MOORING_PROXY_REPLAY_MAX_BODY) so it could not be sent again: the caller sends it again
    TOKEN_REFRESHED_RETRY("token_refreshed_retry", 409),
    // 409: the request conflicts with what the workspace holds now; removing one frees the slot, waiting does not
    QUOTA_EXCEEDED("quota_exceeded", 409),
    // 409: an import names a platform user the workspace has connected already; an import never replaces it
    ALREADY_CONNECTED("already_connected", 409),
    // 413: more accounts in one import than MOORING_IMPORT_MAX_BATCH; nothing was imported
    BATCH_TOO_LARGE("batch_too_large", 413),
    // 410: a Connect page link that is unknown, past MOORING_CONNECT_PAGE_TTL or used already; the posting tool makes a new one
    CONNECT_SESSION_EXPIRED("connect_session_expired", 410),
    INTERNAL_ERROR("internal_error", 500);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static Optional<ErrorCode> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
