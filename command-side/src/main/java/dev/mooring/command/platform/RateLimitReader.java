package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How one platform reports its rate limits on its API's answers, and which endpoint family a call
 * spends from. Paths are the call's path under the API's base, without the leading slash or query
 * ({@code 2/tweets}, {@code v25.0/me}). Each platform answers this in its own package; the proxy
 * records what it reads and refuses a call to a family known to be spent until its reset.
 */
@FrontDoor
public interface RateLimitReader {

    /** A platform that reports no rate limits, and whose 429s say nothing of when to come back. */
    RateLimitReader NONE = new RateLimitReader() {
        @Override
        public String family(String path) {
            return RateLimitReader.segments(path, 2);
        }

        @Override
        public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
            return List.of();
        }
    };

    /** The endpoint family a call to {@code path} spends from: the one its 429 closes. */
    String family(String path);

    /** The limits an answer's headers report, the platform's own rate-limit headers only; empty when it sent none. */
    List<RateLimit> read(String path, HttpHeaders headers, Instant now);

    /** Whether a call to {@code path} spends from {@code family}, a family recorded from an earlier answer. */
    default boolean spendsFrom(String path, String family) {
        return family(path).equals(family);
    }

    /** When a 429 that names no time (no {@code Retry-After}, no reset header) ends; null: unknown, nothing is closed. */
    default Instant resetOfUntimed429(Instant now) {
        return null;
    }

    /**
     * What an answer with {@code status} and {@code headers} says: the limits its headers report,
     * and for a 429 the call's family closed until {@code Retry-After} or its reset, whichever is later.
     */
    default List<RateLimit> observe(String path, int status, HttpHeaders headers, Instant now) {
        List<RateLimit> read = read(path, headers, now);
        if (status != 429) {
            return read;
        }
        String family = family(path);
        Duration retryAfter = RetryAfter.from(headers, HttpHeaders.RETRY_AFTER, now);
        Instant byRetryAfter = retryAfter == null ? null : now.plus(retryAfter);
        List<RateLimit> observed = new ArrayList<>();
        RateLimit own = null;
        for (RateLimit limit : read) {
            if (limit.family().equals(family)) {
                own = limit;
            } else {
                observed.add(limit);
            }
        }
        Instant reset = later(own == null ? null : own.resetAt(), byRetryAfter);
        if (reset == null) {
            reset = resetOfUntimed429(now);
        }
        observed.add(new RateLimit(family, own == null ? null : own.limit(), 0L, reset,
                own == null ? null : own.percentUsed(), now));
        return observed;
    }

    /** The first {@code count} segments of {@code path}: X's {@code 2/tweets} of {@code 2/tweets/search/recent}. */
    static String segments(String path, int count) {
        String[] parts = path.split("/");
        StringBuilder family = new StringBuilder();
        for (int i = 0; i < parts.length && i < count; i++) {
            family.append(i == 0 ? "" : "/").append(parts[i]);
        }
        return family.toString();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
