package dev.mooring.command.platform;

import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.List;

/**
 * The common way of reporting a rate limit: three headers, {@code <prefix>limit}, {@code <prefix>remaining}
 * and {@code <prefix>reset}, per endpoint family named by the path's first two segments. Platforms differ in
 * the prefix and in what the reset counts: a moment (epoch seconds) or seconds from now.
 *
 * @param prefix the headers' common start, lower case ({@code x-rate-limit-})
 */
public record LimitRemainingResetHeaders(String prefix, Reset reset) implements RateLimitReader {

    /** What the reset header's number means. */
    public enum Reset { EPOCH_SECONDS, SECONDS_FROM_NOW }

    @Override
    public String family(String path) {
        return RateLimitReader.segments(path, 2);
    }

    @Override
    public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
        Long limit = RateLimitNumbers.first(headers, prefix + "limit");
        Long remaining = RateLimitNumbers.first(headers, prefix + "remaining");
        if (limit == null && remaining == null) {
            return List.of();
        }
        Long number = RateLimitNumbers.first(headers, prefix + "reset");
        Instant resetAt = number == null ? null
                : reset == Reset.EPOCH_SECONDS ? Instant.ofEpochSecond(number) : now.plusSeconds(number);
        return List.of(new RateLimit(family(path), limit, remaining, resetAt, null, now));
    }
}
