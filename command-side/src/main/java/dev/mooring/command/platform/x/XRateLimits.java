package dev.mooring.command.platform.x;

import dev.mooring.command.platform.RateLimitNumbers;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.List;

/**
 * X's {@code x-rate-limit-limit}, {@code -remaining} and {@code -reset} (epoch seconds), which it
 * sends per endpoint and user; the family is the path's first two segments ({@code 2/tweets},
 * {@code 2/users}, {@code 1.1/media}).
 */
final class XRateLimits implements RateLimitReader {

    @Override
    public String family(String path) {
        return RateLimitReader.segments(path, 2);
    }

    @Override
    public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
        Long limit = RateLimitNumbers.first(headers, "x-rate-limit-limit");
        Long remaining = RateLimitNumbers.first(headers, "x-rate-limit-remaining");
        if (limit == null && remaining == null) {
            return List.of();
        }
        Long reset = RateLimitNumbers.first(headers, "x-rate-limit-reset");
        return List.of(new RateLimit(family(path), limit, remaining, reset == null ? null : Instant.ofEpochSecond(reset), null, now));
    }
}
