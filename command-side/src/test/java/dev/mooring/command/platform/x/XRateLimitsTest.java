package dev.mooring.command.platform.x;

import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.query.RateLimit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** X's {@code x-rate-limit-*} headers by endpoint family, and what a 429 adds to them. */
class XRateLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    private final RateLimitReader x = XApiAccess.RATE_LIMITS;

    @Test
    void theHeadersAreTheCallsFamilysLimit() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("x-rate-limit-limit", "75");
        headers.set("x-rate-limit-remaining", "74");
        headers.set("x-rate-limit-reset", String.valueOf(NOW.plusSeconds(900).getEpochSecond()));

        assertThat(x.observe("2/users/me", 200, headers, NOW))
                .containsExactly(new RateLimit("2/users", 75L, 74L, NOW.plusSeconds(900), null, NOW));
        assertThat(x.family("2/tweets/search/recent")).isEqualTo("2/tweets");
        assertThat(x.spendsFrom("2/users/by/username/ada", "2/users")).isTrue();
        assertThat(x.spendsFrom("2/tweets", "2/users")).isFalse();
    }

    @Test
    void a429ClosesTheFamilyUntilTheLaterOfRetryAfterAndTheReset() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("x-rate-limit-limit", "75");
        headers.set("x-rate-limit-remaining", "3");
        headers.set("x-rate-limit-reset", String.valueOf(NOW.plusSeconds(60).getEpochSecond()));
        headers.set(HttpHeaders.RETRY_AFTER, "120");

        assertThat(x.observe("2/users/me", 429, headers, NOW))
                .containsExactly(new RateLimit("2/users", 75L, 0L, NOW.plusSeconds(120), null, NOW));
    }

    @Test
    void a429ThatNamesNoTimeClosesNothing() {
        RateLimit seen = x.observe("2/tweets", 429, new HttpHeaders(), NOW).get(0);

        assertThat(seen.remaining()).isZero();
        assertThat(seen.resetAt()).isNull();
        assertThat(seen.exhaustedAt(NOW)).isFalse();
    }

    @Test
    void headersThatHoldNoNumberAreNoLimit() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("x-rate-limit-limit", "lots");
        headers.set("x-rate-limit-remaining", "");

        assertThat(x.read("2/users/me", headers, NOW)).isEmpty();
    }
}
