package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM (BouncyCastle) under one master key: a fresh 96-bit nonce per encryption, a 128-bit
 * tag, and the format version, key id, account id and field name bound as associated data.
 *
 * <p>Stored form, base64url: {@code version(1) | keyIdLength(1) | keyId | nonce(12) | ciphertext+tag}.
 */
public final class AesGcmSecretVault implements SecretVault {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey key;
    private final SecureRandom random;

    public AesGcmSecretVault(MasterKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    @Override
    public EncryptedSecret encrypt(AccountId account, SecretField field, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] keyId = key.id().getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = run(true, nonce, associatedData(VERSION, key.id(), account, field),
                plaintext.getBytes(StandardCharsets.UTF_8), account, field);
        ByteBuffer out = ByteBuffer.allocate(2 + keyId.length + NONCE_BYTES + sealed.length);
        out.put(VERSION).put((byte) keyId.length).put(keyId).put(nonce).put(sealed);
        return new EncryptedSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()));
    }

    @Override
    public String decrypt(AccountId account, SecretField field, EncryptedSecret secret) {
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(secret.ciphertext()));
        } catch (IllegalArgumentException e) {
            throw unreadable(account, field, "not base64");
        }
        if (in.remaining() < 2 || in.get() != VERSION) {
            throw unreadable(account, field, "unknown format version");
        }
        int keyIdLength = in.get() & 0xff;
        if (in.remaining() < keyIdLength + NONCE_BYTES + TAG_BITS / 8) {
            throw unreadable(account, field, "truncated");
        }
        byte[] keyId = new byte[keyIdLength];
        in.get(keyId);
        String keyIdText = new String(keyId, StandardCharsets.US_ASCII);
        if (!keyIdText.equals(key.id())) {
            // quote the id only if it is shaped like one, so a crafted ciphertext cannot write into logs
            throw unreadable(account, field, MasterKey.isWellFormedId(keyIdText)
                    ? "master key " + keyIdText + " is not configured"
                    : "malformed master key id");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        byte[] plain = run(false, nonce, associatedData(VERSION, keyIdText, account, field), sealed, account, field);
        return new String(plain, StandardCharsets.UTF_8);
    }

    private byte[] run(boolean encrypt, byte[] nonce, byte[] aad, byte[] input, AccountId account, SecretField field) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key.bytes()), TAG_BITS, nonce, aad));
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        int length = gcm.processBytes(input, 0, input.length, output, 0);
        try {
            length += gcm.doFinal(output, length);
        } catch (InvalidCipherTextException e) {
            // the tag did not match: tampered, moved to another account or field, or the wrong key
            throw unreadable(account, field, "authentication failed");
        }
        return length == output.length ? output : java.util.Arrays.copyOf(output, length);
    }

    private static byte[] associatedData(byte version, String keyId, AccountId account, SecretField field) {
        return ("mooring|v" + version + "|" + keyId + "|" + account.value() + "|" + field.label())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static SecretUnreadable unreadable(AccountId account, SecretField field, String why) {
        return new SecretUnreadable("cannot decrypt " + field.label() + " of " + account + ": " + why);
    }
}
