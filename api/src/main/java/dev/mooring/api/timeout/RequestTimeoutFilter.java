package dev.mooring.api.timeout;

import dev.mooring.api.error.RequestIdFilter;
import dev.mooring.api.limits.LimitsProperties;
import dev.mooring.api.web.ReadAfterWriteProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Hands every request's {@link RequestTimeout} to the blocking work it starts, through the Reactor
 * context (the work runs on other threads). Right after the request id, so every filter and route
 * after it sees the setting.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestTimeoutFilter implements WebFilter {

    private final RequestTimeoutProperties settings;

    public RequestTimeoutFilter(RequestTimeoutProperties settings, LimitsProperties limits,
                                ReadAfterWriteProperties readAfterWrite) {
        limits.requireWithin(settings.timeout());
        readAfterWrite.requireWithin(settings.timeout());
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RequestTimeout timeout = new RequestTimeout(settings.timeout(), RequestIdFilter.of(exchange));
        return chain.filter(exchange).contextWrite(context -> context.put(RequestTimeout.class, timeout));
    }
}
