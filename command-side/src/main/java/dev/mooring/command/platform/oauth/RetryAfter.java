package dev.mooring.command.platform.oauth;

import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How long an upstream asked us to wait, from its answer's headers: {@code Retry-After} as seconds
 * or an HTTP date, or else {@code x-rate-limit-reset}, the epoch second X's rate-limit window
 * resets at (X's 429s say it only that way).
 */
final class RetryAfter {

    private static final String X_RATE_LIMIT_RESET = "x-rate-limit-reset";

    private RetryAfter() {
    }

    /** The wait, never negative; null when the headers do not say. */
    static Duration from(HttpHeaders headers, Instant now) {
        String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null) {
            return parse(retryAfter.trim(), now);
        }
        String reset = headers.getFirst(X_RATE_LIMIT_RESET);
        try {
            return reset == null ? null : until(Instant.ofEpochSecond(Long.parseLong(reset.trim())), now);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration parse(String value, Instant now) {
        try {
            return until(now.plusSeconds(Long.parseLong(value)), now);
        } catch (NumberFormatException notSeconds) {
            try {
                return until(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), now);
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    private static Duration until(Instant then, Instant now) {
        Duration wait = Duration.between(now, then);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
