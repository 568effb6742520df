package dev.mooring.command.lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retrying after the n-th consecutive transient failure: exponential from
 * {@code firstRetry}, capped at {@code maxRetry}, with "full jitter" (a random point in the window)
 * so many accounts failing together do not retry together.
 */
@Component
class RetryBackoff {

    private final LifecycleProperties properties;
    private final DoubleSupplier random;

    @Autowired
    public RetryBackoff(LifecycleProperties properties) {
        this(properties, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With a chosen randomness, for deterministic tests. */
    public RetryBackoff(LifecycleProperties properties, DoubleSupplier random) {
        this.properties = properties;
        this.random = random;
    }

    public Duration after(int consecutiveFailures) {
        long first = properties.firstRetry().toMillis();
        long cap = properties.maxRetry().toMillis();
        int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
        long window = Math.min(cap, first << doublings);
        // never sooner than a tenth of the window, so a failing upstream is not hammered
        return Duration.ofMillis(Math.max(window / 10, (long) (window * random.getAsDouble())));
    }
}
