package dev.mooring.api.gate.firewall;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.error.ErrorEnvelopeHandler;
import dev.mooring.kernel.ErrorCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.regex.Pattern;

/**
 * Answers what the firewall refused: 400 {@code validation_failed} in the error envelope. The
 * refusal never enters the gate's filter chain, so it borrows the chain's header writer to carry
 * the same security headers as every other answer.
 */
@Component
class FirewallRefusal implements ServerExchangeRejectedHandler {

    /** The strict firewall's own messages may quote a header value (an Authorization header among them). */
    static final String REFUSED = "the request path, a header or a parameter is not in its one accepted spelling"
            + " (no ; parameters, encoded slashes, backslashes or dots, dot or empty segments, control characters)";

    private final ErrorEnvelopeHandler envelope;
    private final ObjectProvider<SecurityWebFilterChain> gate;

    private static final Pattern PROXY_PATH = Pattern.compile("/v1/accounts/[^/]+/proxy(/|-url)");

    FirewallRefusal(ErrorEnvelopeHandler envelope, ObjectProvider<SecurityWebFilterChain> gate) {
        this.envelope = envelope;
        this.gate = gate;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        String message = rejected instanceof MooringFirewall.PathRefused ? rejected.getMessage() : REFUSED;
        // a proxied path is the caller's way to a platform's host: its refusals have the proxy's own code
        ApiException refusal = PROXY_PATH.matcher(exchange.getRequest().getURI().getRawPath()).lookingAt()
                ? new ApiException(ErrorCode.INVALID_PROXY_PATH, message) : ApiException.invalid(message);
        return gate.getObject().getWebFilters()
                .filter(HttpHeaderWriterWebFilter.class::isInstance)
                .next()
                .defaultIfEmpty((unchanged, chain) -> chain.filter(unchanged))
                .flatMap(headers -> headers.filter(exchange, refused -> envelope.handle(refused, refusal)));
    }
}
