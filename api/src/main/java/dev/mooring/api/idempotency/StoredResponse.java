package dev.mooring.api.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The answer a replay repeats: its status, the headers that mean something to a client
 * ({@code Content-Type}, {@code Location}) and the body. Request ids, security and rate-limit headers
 * belong to each answer and are not kept.
 */
record StoredResponse(int status, String contentType, String location, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 5xx may pass, 429 says "later", a quota's 409 "after a delete": the client may retry those with the same key. */
    boolean worthKeeping() {
        // 409 from a handler is a quota: it depends on what the workspace holds at that moment
        return status < 500 && status != 429 && status != 409;
    }

    /** The plaintext that is sealed: headers and body only; the status rests beside it in clear. */
    byte[] sealedPart() {
        try {
            return JSON.writeValueAsBytes(new Sealed(contentType, location, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredResponse of(int status, byte[] sealedPart) {
        try {
            Sealed sealed = JSON.readValue(sealedPart, Sealed.class);
            return new StoredResponse(status, sealed.contentType(), sealed.location(), sealed.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "StoredResponse[" + status + ", " + body.length + " bytes]";
    }

    private record Sealed(String contentType, String location, byte[] body) {
    }
}
