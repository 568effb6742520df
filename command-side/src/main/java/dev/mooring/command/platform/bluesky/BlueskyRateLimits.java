package dev.mooring.command.platform.bluesky;

import dev.mooring.command.platform.RateLimitNumbers;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.List;

/**
 * A PDS's {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (epoch seconds), per XRPC
 * method; the family is {@code xrpc/<method>} ({@code xrpc/com.atproto.repo.createRecord}).
 */
final class BlueskyRateLimits implements RateLimitReader {

    @Override
    public String family(String path) {
        return RateLimitReader.segments(path, 2);
    }

    @Override
    public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
        Long limit = RateLimitNumbers.first(headers, "ratelimit-limit");
        Long remaining = RateLimitNumbers.first(headers, "ratelimit-remaining");
        if (limit == null && remaining == null) {
            return List.of();
        }
        Long reset = RateLimitNumbers.first(headers, "ratelimit-reset");
        return List.of(new RateLimit(family(path), limit, remaining, reset == null ? null : Instant.ofEpochSecond(reset), null, now));
    }
}
