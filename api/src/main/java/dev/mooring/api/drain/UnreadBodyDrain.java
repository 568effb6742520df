package dev.mooring.api.drain;

import dev.mooring.api.gate.GateRoutes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Reads and drops the body a client sends with a request whose route reads none (a {@code GET},
 * {@code HEAD}, {@code DELETE} or {@code OPTIONS}), before anything answers it. Left unread, the body
 * stays in the socket past the answer, and closing a socket with unread bytes makes the kernel reset
 * the connection, which can drop the answer before the client has read it: a {@code GET} of the API
 * description with a few kilobytes of body lost the last of its 150 KB every time. The proxy's routes
 * pass whatever the caller sends on to the platform, so they are left alone; past
 * {@value #MOST_DRAINED} bytes the rest is not worth reading.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class UnreadBodyDrain implements WebFilter {

    static final long MOST_DRAINED = 4 * 1024 * 1024;
    private static final Set<HttpMethod> BODILESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE, HttpMethod.OPTIONS);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!carriesUnreadBody(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return GateRoutes.PROXY.matches(exchange).flatMap(proxied -> proxied.isMatch()
                ? chain.filter(exchange)
                : DataBufferUtils.takeUntilByteCount(exchange.getRequest().getBody(), MOST_DRAINED)
                        .doOnNext(DataBufferUtils::release)
                        .then(chain.filter(exchange)));
    }

    private static boolean carriesUnreadBody(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return BODILESS.contains(request.getMethod())
                && (headers.getContentLength() > 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING));
    }
}
