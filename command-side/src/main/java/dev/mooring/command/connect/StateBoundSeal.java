package dev.mooring.command.connect;

import dev.mooring.kernel.Sha256;
import dev.mooring.command.vault.AesGcm;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Hashes and seals keyed by a connect state (or a selection token, the state of a connect paused
 * for a choice). The database keeps only SHA-256 of the state and the secret it guards (a PKCE
 * verifier, a long-lived user token) sealed (AES-256-GCM, BouncyCastle) under a key derived from
 * the state: someone reading the table learns neither, and someone who sees the state lacks the
 * ciphertext. The state itself is 256 random bits, so a plain hash derivation is enough.
 */
final class StateBoundSeal {

    private static final AesGcm GCM = new AesGcm(new SecureRandom());
    private static final byte[] PURPOSE = "mooring-connect-session".getBytes(StandardCharsets.US_ASCII);

    private StateBoundSeal() {
    }

    static byte[] stateHash(String state) {
        return sha256("mooring-connect-state|" + state);
    }

    static byte[] seal(String state, String plaintext) {
        return GCM.seal(key(state), PURPOSE, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    static String open(String state, byte[] sealed) {
        return new String(AesGcm.open(key(state), PURPOSE, sealed)
                .orElseThrow(() -> new IllegalStateException("connect session does not match its state")),
                StandardCharsets.UTF_8);
    }

    private static byte[] key(String state) {
        return sha256("mooring-connect-key|" + state);
    }

    private static byte[] sha256(String text) {
        return Sha256.of(text);
    }
}
