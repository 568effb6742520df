package dev.mooring.command.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A master key's key check value: a fixed label sealed with AES-256-GCM under the key, its id bound as
 * associated data. Only the same key under the same id opens it, so a key given later with the right
 * id but other bytes is caught at start, before it wraps anything. It is an encryption of a public
 * constant under a random nonce: nothing in it leads back to the key. Stored form:
 * {@code format(1) | nonce(12) | sealed label | tag(16)}.
 */
final class MasterKeyCheckValue {

    private static final byte FORMAT = 1;
    private static final byte[] LABEL = "mooring master key check".getBytes(StandardCharsets.US_ASCII);

    private MasterKeyCheckValue() {
    }

    static byte[] of(MasterKey key, SecureRandom random) {
        byte[] sealed = new AesGcm(random).seal(key.bytes(), associatedData(key.id()), LABEL);
        byte[] stored = new byte[1 + sealed.length];
        stored[0] = FORMAT;
        System.arraycopy(sealed, 0, stored, 1, sealed.length);
        return stored;
    }

    static boolean matches(MasterKey key, byte[] stored) {
        if (stored == null || stored.length == 0 || stored[0] != FORMAT) {
            return false;
        }
        return AesGcm.open(key.bytes(), associatedData(key.id()), Arrays.copyOfRange(stored, 1, stored.length))
                .map(label -> Arrays.equals(label, LABEL))
                .orElse(false);
    }

    private static byte[] associatedData(String keyId) {
        return ("mooring|master-key-check|v" + FORMAT + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
