package dev.mooring.command.platform.pinterest;

import dev.mooring.command.platform.RateLimitNumbers;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.List;

/**
 * Pinterest's {@code x-ratelimit-limit} and {@code -remaining}, and {@code x-ratelimit-reset} in
 * seconds from now; a limit may come structured ({@code 100, 100;w=1}), of which the first number
 * counts. Pinterest limits by category (pins, boards, ...), which its answers do not name, so the
 * family is the path's first two segments ({@code v5/pins}, {@code v5/boards}).
 */
final class PinterestRateLimits implements RateLimitReader {

    @Override
    public String family(String path) {
        return RateLimitReader.segments(path, 2);
    }

    @Override
    public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
        Long limit = RateLimitNumbers.first(headers, "x-ratelimit-limit");
        Long remaining = RateLimitNumbers.first(headers, "x-ratelimit-remaining");
        if (limit == null && remaining == null) {
            return List.of();
        }
        Long resetIn = RateLimitNumbers.first(headers, "x-ratelimit-reset");
        return List.of(new RateLimit(family(path), limit, remaining, resetIn == null ? null : now.plusSeconds(resetIn), null, now));
    }
}
