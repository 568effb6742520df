package dev.mooring.command.platform;

import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How long an upstream asked us to wait, from its answer's headers: {@code Retry-After} as seconds
 * or an HTTP date, or else the platform's rate-limit reset header, the epoch second its window ends
 * (X: {@code x-rate-limit-reset}; AT Protocol: {@code RateLimit-Reset}).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The wait, or null when the headers do not say. A wait until a moment is at least a second:
     * that moment is about now, and a zero would invite every client back at once.
     */
    public static Duration from(HttpHeaders headers, String resetHeader, Instant now) {
        String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null) {
            Long seconds = seconds(retryAfter);
            if (seconds != null) {
                return Duration.ofSeconds(Math.max(0, seconds));
            }
            try {
                return until(ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), now);
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
        Long reset = seconds(headers.getFirst(resetHeader));
        return reset == null ? null : until(Instant.ofEpochSecond(reset), now);
    }

    private static Duration until(Instant then, Instant now) {
        return Duration.ofSeconds(Math.max(1, then.getEpochSecond() - now.getEpochSecond()));
    }

    private static Long seconds(String value) {
        try {
            return value == null ? null : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
