package dev.mooring.api.gate.credentials;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <credential>}. Any other header, or none, is no credential at
 * all: the request goes on unauthenticated and the access rules refuse it where one is needed.
 */
@Component
public class BearerConverter implements ServerAuthenticationConverter {

    private static final String BEARER = "Bearer ";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        // RFC 9110 §11.1: the scheme is case-insensitive
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.empty();
        }
        return Mono.just(new PresentedBearer(header.substring(BEARER.length()).trim()));
    }
}
