package dev.mooring.api.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;

/**
 * One Resilience4j rate limiter (fixed windows of {@code limit} calls per {@code period}, refusing
 * at once rather than waiting), with what the {@code RateLimit-*} headers need to say about it.
 * The limiter's windows start when it is made; so does {@link #start}.
 */
final class RateWindow {

    private final RateLimiter limiter;
    private final Rate rate;
    private final String what;
    private final long start;

    private RateWindow(String name, Rate rate, String what) {
        this.rate = rate;
        this.what = what;
        this.start = System.nanoTime();
        this.limiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(rate.limit())
                .limitRefreshPeriod(rate.period())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    static RateWindow of(String name, Rate rate, String what) {
        return new RateWindow(name, rate, what);
    }

    boolean tryAcquire() {
        return limiter.acquirePermission();
    }

    int limit() {
        return rate.limit();
    }

    int remaining() {
        return Math.max(0, limiter.getMetrics().getAvailablePermissions());
    }

    /** Until this window ends and the limit is whole again. */
    Duration untilReset() {
        long period = rate.period().toNanos();
        return Duration.ofNanos(period - (System.nanoTime() - start) % period);
    }

    /** Nothing used in the current window: as good as a new one, so it may be forgotten. */
    boolean idle() {
        return remaining() >= rate.limit();
    }

    String what() {
        return what;
    }

    /** The period in words, for messages: "1m", "30s". */
    String period() {
        Duration period = rate.period();
        return period.toSecondsPart() == 0 && period.toMinutes() > 0 ? period.toMinutes() + "m" : period.toSeconds() + "s";
    }
}
