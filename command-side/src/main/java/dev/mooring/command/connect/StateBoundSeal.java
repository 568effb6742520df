package dev.mooring.command.connect;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Hashes and seals keyed by a connect state (or a selection token, the state of a connect paused
 * for a choice). The database keeps only SHA-256 of the state and the secret it guards (a PKCE
 * verifier, a long-lived user token) sealed (AES-256-GCM, BouncyCastle) under a key derived from
 * the state: someone reading the table learns neither, and someone who sees the state lacks the
 * ciphertext. The state itself is 256 random bits, so a plain hash derivation is enough.
 */
final class StateBoundSeal {

    private static final int TAG_BITS = 128;
    // the key is used for exactly one message, so a constant nonce is safe
    private static final byte[] NONCE = new byte[12];

    private StateBoundSeal() {
    }

    static byte[] stateHash(String state) {
        return sha256("mooring-connect-state|" + state);
    }

    static byte[] seal(String state, String plaintext) {
        return run(true, state, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    static String open(String state, byte[] sealed) {
        return new String(run(false, state, sealed), StandardCharsets.UTF_8);
    }

    private static byte[] run(boolean encrypt, String state, byte[] input) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(sha256("mooring-connect-key|" + state)), TAG_BITS, NONCE));
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        int length = gcm.processBytes(input, 0, input.length, output, 0);
        try {
            length += gcm.doFinal(output, length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("connect session does not match its state");
        }
        return Arrays.copyOf(output, length);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
