package dev.mooring.api.admin;

import dev.mooring.api.auth.Routes;
import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the operator routes under {@code /admin}: they need {@code Authorization: Bearer <admin
 * token>}. Without a configured token they do not exist (404), so a default install exposes none.
 *
 * <p>Also guards the actuator: only {@code GET /actuator/health} is public, and it answers a bare
 * status unless the admin token came with it ({@link AdminHealthConfig}). Every other actuator path
 * ({@code /actuator/metrics}, component health, the links page) answers 404 without the admin token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminTokenFilter implements WebFilter {

    private static final String BEARER = "Bearer ";
    /**
     * The one actuator path open to anyone, compared whole: {@link dev.mooring.api.auth.PathFirewall}
     * has already refused every other spelling, and anything that still differs is refused here.
     */
    private static final String PUBLIC_HEALTH = "/actuator/health";

    private final AdminProperties properties;

    AdminTokenFilter(AdminProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (Routes.under(exchange, "actuator")) {
            return actuator(exchange, chain);
        }
        if (!Routes.under(exchange, "admin")) {
            return chain.filter(exchange);
        }
        if (!properties.enabled()) {
            return Mono.error(noSuchRoute());
        }
        if (!presentsToken(exchange)) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHENTICATED, "the admin token is not valid",
                    "send the configured MOORING_ADMIN_TOKEN as Authorization: Bearer <token>"));
        }
        return chain.filter(exchange);
    }

    /**
     * The actuator is no part of the API, so a refusal is 404 rather than 401: a caller without the
     * token (an API key included) learns neither that metrics exist nor whether admin is on.
     */
    private Mono<Void> actuator(ServerWebExchange exchange, WebFilterChain chain) {
        if (properties.enabled() && presentsToken(exchange)) {
            return chain.filter(exchange).contextWrite(AdminAccess::grant);
        }
        if (PUBLIC_HEALTH.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        return Mono.error(noSuchRoute());
    }

    private boolean presentsToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return header != null && header.startsWith(BEARER) && matches(header.substring(BEARER.length()).trim());
    }

    private static ApiException noSuchRoute() {
        return new ApiException(ErrorCode.NOT_FOUND, "no such route");
    }

    /** Constant-time, so response timing tells nothing about how much of a guess was right. */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                properties.token().getBytes(StandardCharsets.UTF_8));
    }
}
