package dev.mooring.api.gate;

import dev.mooring.api.admin.AdminProperties;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.error.ErrorEnvelopeHandler;
import dev.mooring.api.gate.credentials.WorkspaceAuthentication;
import dev.mooring.kernel.ErrorCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * How the gate says no, always in the error envelope: 401 {@code unauthenticated} on the API and on
 * the operator routes, 403 {@code insufficient_scope} naming the scope an API key lacks, 404
 * {@code not_found} where a route should not be seen to exist (the
 * actuator, {@code /admin} with no admin token configured, paths outside every route), 403
 * {@code unauthorized} for an HTML form posted without its CSRF token. Never a
 * {@code WWW-Authenticate} challenge: Mooring has no login a browser could offer.
 */
@Component
class GateRefusals implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler, ServerAccessDeniedHandler {

    private static final String API_KEY_REMEDIATION = "send a valid key as Authorization: Bearer <api key>";

    private final ErrorEnvelopeHandler envelope;
    private final AdminProperties admin;

    GateRefusals(ErrorEnvelopeHandler envelope, AdminProperties admin) {
        this.envelope = envelope;
        this.admin = admin;
    }

    /** No credential, where one is needed. */
    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ignored) {
        return refuse(exchange, "missing API key");
    }

    /** A bearer that is not the credential the route needs. */
    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException ignored) {
        ServerWebExchange exchange = webFilterExchange.getExchange();
        // public health answers everyone, whatever header a monitor sends; the bare status is all it gets
        return GateRoutes.PUBLIC_HEALTH.matches(exchange).flatMap(health -> health.isMatch()
                ? webFilterExchange.getChain().filter(exchange)
                : refuse(exchange, "the API key is not valid"));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        if (denied instanceof CsrfException) {
            // nothing in the message about which token was expected or found
            return envelope.handle(exchange, new ApiException(ErrorCode.UNAUTHORIZED,
                    "the form's CSRF token is missing or not valid", "reload the page and submit the form again"));
        }
        return exchange.getPrincipal()
                .filter(WorkspaceAuthentication.class::isInstance)
                .flatMap(key -> ScopedRoutes.scopeOf(exchange))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(scope -> scope.isPresent() ? envelope.handle(exchange, insufficientScope(scope.get()))
                        : refuse(exchange, "missing API key"));
    }

    /** A valid key without the route's scope: the same answer wherever a scope is missing. */
    private static ApiException insufficientScope(ApiScope scope) {
        return new ApiException(ErrorCode.INSUFFICIENT_SCOPE, "this API key lacks the scope " + scope.wireName(),
                "use a key with the scope " + scope.wireName() + ", or create one (POST /v1/api-keys with \"scopes\")");
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String apiKeyProblem) {
        return GateRoutes.ADMIN.matches(exchange).flatMap(adminRoute -> {
            if (adminRoute.isMatch() && admin.enabled()) {
                return envelope.handle(exchange, new ApiException(ErrorCode.UNAUTHENTICATED, "the admin token is not valid",
                        "send the configured MOORING_ADMIN_TOKEN as Authorization: Bearer <token>"));
            }
            return GateRoutes.V1.matches(exchange).flatMap(v1 -> envelope.handle(exchange, v1.isMatch()
                    ? new ApiException(ErrorCode.UNAUTHENTICATED, apiKeyProblem, API_KEY_REMEDIATION)
                    // the actuator is no part of the API, and /admin without a token does not exist
                    : new ApiException(ErrorCode.NOT_FOUND, "no such route")));
        });
    }
}
