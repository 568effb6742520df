package dev.mooring.command.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String X_RESET = "x-rate-limit-reset";

    @Test
    void readsRetryAfterInSeconds() {
        assertThat(RetryAfter.from(headers(HttpHeaders.RETRY_AFTER, "120"), X_RESET, NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        assertThat(RetryAfter.from(headers(HttpHeaders.RETRY_AFTER, "Sat, 28 Nov 2026 12:01:30 GMT"), X_RESET, NOW))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void readsTheRateLimitResetAsTheWaitUntilThatEpochSecond() {
        assertThat(RetryAfter.from(headers(X_RESET, String.valueOf(NOW.getEpochSecond() + 300)), X_RESET, NOW))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryAfter.from(headers("RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 60)), "RateLimit-Reset", NOW))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aMomentAlreadyPastStillMeansASecond() {
        assertThat(RetryAfter.from(headers(X_RESET, String.valueOf(NOW.getEpochSecond() - 5)), X_RESET, NOW))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void saysNothingWhenTheHeadersDoNot() {
        assertThat(RetryAfter.from(new HttpHeaders(), X_RESET, NOW)).isNull();
        assertThat(RetryAfter.from(headers(HttpHeaders.RETRY_AFTER, "soon"), X_RESET, NOW)).isNull();
        assertThat(RetryAfter.from(headers("RateLimit-Reset", "123"), X_RESET, NOW)).isNull();
    }

    private static HttpHeaders headers(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, value);
        return headers;
    }
}
