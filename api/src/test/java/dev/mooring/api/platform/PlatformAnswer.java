package dev.mooring.api.platform;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a platform test server answers: a status, headers and a body, or no answer at all
 * ({@link #hang()}) to play an upstream that has stopped responding.
 */
public record PlatformAnswer(int status, Map<String, String> headers, String body, boolean hangs) {

    public static PlatformAnswer json(int status, String json) {
        return new PlatformAnswer(status, Map.of("Content-Type", "application/json"), json, false);
    }

    public static PlatformAnswer text(int status, String text) {
        return new PlatformAnswer(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text, false);
    }

    public static PlatformAnswer redirect(URI location) {
        return new PlatformAnswer(302, Map.of("Location", location.toString()), "", false);
    }

    /** Never answers (until the test ends), like an upstream that accepted the connection and stalled. */
    public static PlatformAnswer hang() {
        return new PlatformAnswer(0, Map.of(), "", true);
    }

    public PlatformAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new PlatformAnswer(status, more, body, hangs);
    }
}
