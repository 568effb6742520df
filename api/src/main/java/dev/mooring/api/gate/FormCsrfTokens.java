package dev.mooring.api.gate;

import dev.mooring.api.error.ApiException;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestHandler;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the CSRF token of an HTML form the way Spring Security does (masked, from the form field),
 * except that a body that is not valid {@code application/x-www-form-urlencoded} (a {@code %}
 * without two hex digits) is the client's mistake: 400, not the decoder's failure as a 500.
 */
class FormCsrfTokens implements ServerCsrfTokenRequestHandler {

    private final ServerCsrfTokenRequestHandler spring = new XorServerCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(ServerWebExchange exchange, Mono<CsrfToken> csrfToken) {
        spring.handle(exchange, csrfToken);
    }

    @Override
    public Mono<String> resolveCsrfTokenValue(ServerWebExchange exchange, CsrfToken csrfToken) {
        return spring.resolveCsrfTokenValue(exchange, csrfToken).onErrorMap(IllegalArgumentException.class,
                malformed -> ApiException.invalid("the form body is not valid application/x-www-form-urlencoded"));
    }
}
