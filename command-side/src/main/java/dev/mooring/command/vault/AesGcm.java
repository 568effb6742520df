package dev.mooring.command.vault;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * AES-256-GCM through BouncyCastle, the one cipher under secrets, wrapped data keys and connect
 * sessions' sealed values: a fresh
 * 96-bit nonce from {@link SecureRandom} per encryption and a 128-bit tag. Sealed output is
 * {@code nonce(12) | ciphertext | tag(16)}.
 */
public final class AesGcm {

    public static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private final SecureRandom random;

    public AesGcm(SecureRandom random) {
        this.random = random;
    }

    public byte[] seal(byte[] key, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        GCMModeCipher gcm = cipher(true, key, nonce, associatedData);
        byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + gcm.getOutputSize(plaintext.length));
        int length = gcm.processBytes(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
        try {
            gcm.doFinal(sealed, NONCE_BYTES + length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM refused to encrypt", e); // cannot happen when encrypting
        }
        return sealed;
    }

    /**
     * The plaintext, or empty when the tag does not verify: tampered bytes, other associated data, or
     * another key. Never partial output.
     */
    public static Optional<byte[]> open(byte[] key, byte[] associatedData, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            return Optional.empty();
        }
        GCMModeCipher gcm = cipher(false, key, Arrays.copyOf(sealed, NONCE_BYTES), associatedData);
        byte[] plain = new byte[gcm.getOutputSize(sealed.length - NONCE_BYTES)];
        int length = gcm.processBytes(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES, plain, 0);
        try {
            length += gcm.doFinal(plain, length);
        } catch (InvalidCipherTextException e) {
            Arrays.fill(plain, (byte) 0); // GCM hands out blocks before it checks the tag
            return Optional.empty();
        }
        return Optional.of(length == plain.length ? plain : Arrays.copyOf(plain, length));
    }

    private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] associatedData) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, associatedData));
        return gcm;
    }
}
