package dev.mooring.api.proxy;

import dev.mooring.kernel.Platform;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One proxied call's measurement for {@link ProxyMetrics}: the platform once the account is read,
 * each request to it as the proxy's client times it, and when the call ends its outcome: the last
 * answer's class, or, when nothing was sent, {@code refused}. A call its caller abandoned before the
 * platform answered, or refused before its platform was known, is not counted.
 */
final class MeteredCall {

    private final ProxyMetrics metrics;
    private final HttpMethod method;
    private final long started;
    private volatile Platform platform;
    private volatile String status;

    MeteredCall(ProxyMetrics metrics, HttpMethod method, long started) {
        this.metrics = metrics;
        this.method = method;
        this.started = started;
    }

    /** The platform the call goes to, known once the account is read. */
    void platform(Platform platform) {
        this.platform = platform;
    }

    /** Runs {@code call} measured: its requests to the platform see this call in their context. */
    Mono<Void> measure(Mono<Void> call) {
        return call.doFinally(this::ended).contextWrite(context -> context.put(MeteredCall.class, this));
    }

    void upstream(HttpMethod sent, String status, long nanos) {
        this.status = status;
        if (platform != null) {
            metrics.recordRequest(platform, sent, status, nanos);
        }
    }

    private void ended(SignalType signal) {
        Platform to = platform;
        if (to == null) {
            return;
        }
        String outcome = status;
        if (outcome == null) {
            if (signal != SignalType.ON_ERROR) {
                return; // abandoned before anything was sent
            }
            outcome = ProxyMetrics.REFUSED;
            metrics.recordRequest(to, method, outcome, 0);
        }
        metrics.recordCall(to, method, outcome, System.nanoTime() - started);
    }
}
