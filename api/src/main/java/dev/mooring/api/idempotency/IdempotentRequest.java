package dev.mooring.api.idempotency;

import dev.mooring.kernel.WorkspaceId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A request sent with an {@code Idempotency-Key}: the key (as SHA-256, so the table never holds what
 * a client chose), and what makes a retry the same request: method, path, and SHA-256 of the query
 * and body.
 */
record IdempotentRequest(WorkspaceId workspace, byte[] keyHash, String method, String path, byte[] requestHash) {

    static IdempotentRequest of(WorkspaceId workspace, String key, String method, String path, String query, byte[] body) {
        MessageDigest request = sha256();
        request.update((query == null ? "" : query).getBytes(StandardCharsets.UTF_8));
        request.update((byte) 0);
        request.update(body);
        return new IdempotentRequest(workspace, sha256().digest(key.getBytes(StandardCharsets.US_ASCII)),
                method, path, request.digest());
    }

    boolean sameAs(String otherMethod, String otherPath, byte[] otherRequestHash) {
        return method.equals(otherMethod) && path.equals(otherPath) && Arrays.equals(requestHash, otherRequestHash);
    }

    /** What a stored answer is sealed to: this workspace's key, this route. */
    String sealContext() {
        return workspace.value() + "|" + HexFormat.of().formatHex(keyHash) + "|" + method + " " + path;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
