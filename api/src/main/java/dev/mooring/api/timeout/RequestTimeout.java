package dev.mooring.api.timeout;

import reactor.util.context.ContextView;

import java.time.Duration;

/**
 * What one request's blocking work may take, carried in the Reactor context from
 * {@link RequestTimeoutFilter} to {@link dev.mooring.api.web.Blocking}; the request id names the
 * request in the line logged when its work outlives it.
 */
public record RequestTimeout(Duration timeout, String requestId) {

    /** Outside a request (no filter ran): the setting's default. */
    private static final RequestTimeout OUTSIDE_A_REQUEST = new RequestTimeout(Duration.ofSeconds(15), "none");

    public static RequestTimeout of(ContextView context) {
        return context.getOrDefault(RequestTimeout.class, OUTSIDE_A_REQUEST);
    }
}
