package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Envelope encryption: each secret is sealed with AES-256-GCM under its account's own data key, and
 * the data key rests wrapped by a master key. The format version, the account id, the field name and
 * the data key version are bound as associated data; the master key is not, so re-wrapping data keys
 * under a new master key leaves every stored ciphertext valid.
 *
 * <p>Stored form, base64url without padding:
 * {@code format(1) = 2 | dataKeyVersion(4) | nonce(12) | ciphertext | tag(16)}. Format 1 (secrets
 * under the master key itself) predates data keys and is no longer read.
 */
@Component
class EnvelopeSecretVault implements SecretVault {

    static final byte FORMAT = 2;
    static final int HEADER_BYTES = 1 + Integer.BYTES;

    private final DataKeySource dataKeys;
    private final AesGcm gcm;

    EnvelopeSecretVault(DataKeySource dataKeys, SecureRandom random) {
        this.dataKeys = dataKeys;
        this.gcm = new AesGcm(random);
    }

    @Override
    public EncryptedSecret encrypt(AccountId account, SecretField field, String plaintext) {
        DataKey key = dataKeys.dataKeyOf(account).orElseThrow(() -> new IllegalStateException(
                "cannot encrypt " + field.label() + " of " + account + ": the account has no data key"
                        + " (it is created at connect and destroyed at disconnect)"));
        byte[] sealed = gcm.seal(key.bytes(), associatedData(account, field, key.version()),
                plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + sealed.length);
        out.put(FORMAT).putInt(key.version()).put(sealed);
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
        if (in.remaining() < 1 || in.get() != FORMAT) {
            throw unreadable(account, field, "unknown format version");
        }
        if (in.remaining() < Integer.BYTES + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES) {
            throw unreadable(account, field, "truncated");
        }
        int version = in.getInt();
        DataKey key = dataKeys.dataKeyOf(account).orElseThrow(() -> unreadable(account, field,
                "the account has no data key (destroyed when it was disconnected)"));
        if (key.version() != version) {
            throw unreadable(account, field, "sealed under data key version " + version
                    + ", the account has version " + key.version());
        }
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        byte[] plain = AesGcm.open(key.bytes(), associatedData(account, field, version), sealed)
                // the tag did not match: tampered, or moved from another account or field
                .orElseThrow(() -> unreadable(account, field, "authentication failed"));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static byte[] associatedData(AccountId account, SecretField field, int dataKeyVersion) {
        return ("mooring|v" + FORMAT + "|" + account.value() + "|" + field.label() + "|dk" + dataKeyVersion)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static SecretUnreadable unreadable(AccountId account, SecretField field, String why) {
        return new SecretUnreadable("cannot decrypt " + field.label() + " of " + account + ": " + why);
    }
}
