package dev.mooring.api.proxy;

import dev.mooring.kernel.Platform;
import dev.mooring.kernel.outbound.OutboundRefused;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The proxy's meters, at {@code /actuator/metrics} (admin token): {@value #REQUESTS}, each request
 * to a platform timed from sending it to the platform's answer (its status line and headers, so an
 * upload's body is inside), and {@value #CALLS}, each proxied call's whole time in Mooring (the
 * account's row, the platform, relaying the answer's body to its last byte). Both are tagged
 * {@code platform}, {@code method} and {@code status}: the answer's class ({@code 2xx} ...
 * {@code 5xx}), {@code unreachable} when the platform was not reached or did not answer, or
 * {@code refused} when Mooring refused the call before sending it (counted with no upstream time).
 * Only those bounded values are tags: never an account, a path or anything of a credential.
 * A call refused before its platform is known (a malformed path, a missing scope, a declared body
 * over the limit, an unknown or revoked account) is not in them; Spring's {@code http.server.requests}
 * counts it by route and status.
 */
@Component
class ProxyMetrics {

    static final String REQUESTS = "mooring.proxy.requests";
    static final String CALLS = "mooring.proxy.calls";
    static final String UNREACHABLE = "unreachable";
    static final String REFUSED = "refused";

    private final MeterRegistry meters;

    ProxyMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A proxied call starting now. */
    MeteredCall call(HttpMethod method) {
        return new MeteredCall(this, method, System.nanoTime());
    }

    /**
     * Times every request the proxy's clients send, for the call in the subscriber's context; a
     * request sent outside a metered call passes untimed.
     */
    ExchangeFilterFunction upstreamTimer() {
        return (request, next) -> Mono.deferContextual(context -> {
            MeteredCall call = context.getOrDefault(MeteredCall.class, null);
            if (call == null) {
                return next.exchange(request);
            }
            long sent = System.nanoTime();
            return next.exchange(request)
                    .doOnNext(answer -> call.upstream(request.method(), statusClass(answer.statusCode()), System.nanoTime() - sent))
                    .doOnError(failure -> call.upstream(request.method(), failureClass(failure), System.nanoTime() - sent));
        });
    }

    void recordRequest(Platform platform, HttpMethod method, String status, long nanos) {
        timer(REQUESTS, "a request to a platform, from sending it to the platform's answer", platform, method, status).record(Duration.ofNanos(nanos));
    }

    void recordCall(Platform platform, HttpMethod method, String status, long nanos) {
        timer(CALLS, "a proxied call's whole time in Mooring, to the answer's last byte", platform, method, status).record(Duration.ofNanos(nanos));
    }

    private Timer timer(String name, String description, Platform platform, HttpMethod method, String status) {
        return Timer.builder(name).description(description)
                .tag("platform", platform.wireName())
                .tag("method", method.name())
                .tag("status", status)
                .register(meters);
    }

    static String statusClass(HttpStatusCode status) {
        return (status.value() / 100) + "xx";
    }

    /** A request that got no answer: Mooring's own refusal while sending, or the platform not reached. */
    static String failureClass(Throwable failure) {
        if (BodyLimit.cut(failure)) {
            return REFUSED;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundRefused) {
                return REFUSED;
            }
        }
        return UNREACHABLE;
    }
}
