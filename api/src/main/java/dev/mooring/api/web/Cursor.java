package dev.mooring.api.web;

import dev.mooring.api.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;

/** Page cursors: opaque to clients, so the ordering key behind them can change without breaking them. */
final class Cursor {

    private Cursor() {
    }

    static String encode(String position) {
        return position == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position inside a cursor this API gave out; anything else is a 400. */
    static String decode(String cursor, Predicate<String> wellFormed) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (wellFormed.test(position)) {
                return position;
            }
        } catch (IllegalArgumentException ignored) {
            // answered below
        }
        throw ApiException.invalid("cursor is not one this API gave out");
    }
}
