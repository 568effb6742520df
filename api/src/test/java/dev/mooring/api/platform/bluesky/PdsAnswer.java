package dev.mooring.api.platform.bluesky;

import java.util.Map;

/** One HTTP answer of the test PDS: status, JSON body, extra headers. */
record PdsAnswer(int status, Object body, Map<String, String> headers) {

    static PdsAnswer ok(Object body) {
        return new PdsAnswer(200, body, Map.of());
    }

    /** An XRPC error as the reference server shapes it. */
    static PdsAnswer error(int status, String error, String message) {
        return new PdsAnswer(status, Map.of("error", error, "message", message), Map.of());
    }
}
