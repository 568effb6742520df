package dev.mooring.api.platform;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a test server answers: a status, headers and a body; or no answer at all, either held open
 * ({@link #hang()}) to play an upstream that has stopped responding, or the connection closed at
 * once ({@link #closeConnection()}).
 */
public record PlatformAnswer(int status, Map<String, String> headers, String body, boolean hangs) {

    /** Status 0 and no hanging: the connection is closed without a response. */
    private static final int NO_RESPONSE = 0;

    public static PlatformAnswer json(int status, String json) {
        return new PlatformAnswer(status, Map.of("Content-Type", "application/json"), json, false);
    }

    public static PlatformAnswer text(int status, String text) {
        return new PlatformAnswer(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text, false);
    }

    public static PlatformAnswer redirect(URI location) {
        return new PlatformAnswer(302, Map.of("Location", location.toString()), "", false);
    }

    /** A status with no body and no headers at all. */
    public static PlatformAnswer status(int status) {
        return new PlatformAnswer(status, Map.of(), "", false);
    }

    /** Never answers (until the test ends), like an upstream that accepted the connection and stalled. */
    public static PlatformAnswer hang() {
        return new PlatformAnswer(NO_RESPONSE, Map.of(), "", true);
    }

    /** Closes the connection without a response, as a server that refuses what it was sent. */
    public static PlatformAnswer closeConnection() {
        return new PlatformAnswer(NO_RESPONSE, Map.of(), "", false);
    }

    public boolean closesConnection() {
        return status == NO_RESPONSE && !hangs;
    }

    public PlatformAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new PlatformAnswer(status, more, body, hangs);
    }
}
