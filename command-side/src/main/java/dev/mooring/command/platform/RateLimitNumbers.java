package dev.mooring.command.platform;

import org.springframework.http.HttpHeaders;

/**
 * The number a rate-limit header starts with: {@code 75}, and {@code 100} of a structured
 * {@code 100, 100;w=60}; null when the header is missing or holds no number, as a platform's
 * malformed header must never fail the call it came with.
 */
public final class RateLimitNumbers {

    private RateLimitNumbers() {
    }

    public static Long first(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        int end = 0;
        while (end < trimmed.length() && end < 18 && Character.isDigit(trimmed.charAt(end))) {
            end++;
        }
        return end == 0 ? null : Long.parseLong(trimmed.substring(0, end));
    }
}
