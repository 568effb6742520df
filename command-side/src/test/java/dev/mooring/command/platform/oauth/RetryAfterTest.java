package dev.mooring.command.platform.oauth;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void readsRetryAfterInSeconds() {
        assertThat(RetryAfter.from(headers(HttpHeaders.RETRY_AFTER, "120"), NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        assertThat(RetryAfter.from(headers(HttpHeaders.RETRY_AFTER, "Sat, 28 Nov 2026 12:01:30 GMT"), NOW))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void readsXsRateLimitResetAsTheWaitUntilThatEpochSecond() {
        assertThat(RetryAfter.from(headers("x-rate-limit-reset", String.valueOf(NOW.getEpochSecond() + 300)), NOW))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aMomentAlreadyPastMeansNoWait() {
        assertThat(RetryAfter.from(headers("x-rate-limit-reset", String.valueOf(NOW.getEpochSecond() - 5)), NOW))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void saysNothingWhenTheHeadersDoNot() {
        assertThat(RetryAfter.from(new HttpHeaders(), NOW)).isNull();
        assertThat(RetryAfter.from(headers(HttpHeaders.RETRY_AFTER, "soon"), NOW)).isNull();
    }

    private static HttpHeaders headers(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, value);
        return headers;
    }
}
