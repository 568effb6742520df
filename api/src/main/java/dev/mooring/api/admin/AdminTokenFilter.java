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
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminTokenFilter implements WebFilter {

    private static final String BEARER = "Bearer ";

    private final AdminProperties properties;

    AdminTokenFilter(AdminProperties properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!Routes.under(exchange, "admin")) {
            return chain.filter(exchange);
        }
        if (!properties.enabled()) {
            return Mono.error(new ApiException(ErrorCode.NOT_FOUND, "no such route"));
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER) || !matches(header.substring(BEARER.length()).trim())) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHENTICATED, "the admin token is not valid",
                    "send the configured MOORING_ADMIN_TOKEN as Authorization: Bearer <token>"));
        }
        return chain.filter(exchange);
    }

    /** Constant-time, so response timing tells nothing about how much of a guess was right. */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                properties.token().getBytes(StandardCharsets.UTF_8));
    }
}
