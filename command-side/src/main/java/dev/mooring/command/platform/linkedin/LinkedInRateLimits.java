package dev.mooring.command.platform.linkedin;

import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.query.RateLimit;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * LinkedIn publishes no rate-limit headers: its limits are daily per application and member, per
 * endpoint, shown only in the developer portal, and reset at midnight UTC. So only a 429 says
 * anything: it closes the call's family ({@code rest/posts}, {@code v2/userinfo}) until its
 * {@code Retry-After}, or without one until the next midnight UTC.
 */
final class LinkedInRateLimits implements RateLimitReader {

    @Override
    public String family(String path) {
        return RateLimitReader.segments(path, 2);
    }

    @Override
    public List<RateLimit> read(String path, HttpHeaders headers, Instant now) {
        return List.of();
    }

    @Override
    public Instant resetOfUntimed429(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
