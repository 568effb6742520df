package dev.mooring.command.vault;

import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.SecretSeal;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals secrets that belong to no account (webhook signing secrets) directly under the newest master
 * key, naming the key in the ciphertext so it opens under whichever key sealed it. The format, key id,
 * purpose and owner are bound as associated data. Their holders re-seal them under the newest key at
 * startup ({@link #isUnderNewestKey}), so a master key rotation moves them along with the data keys.
 *
 * <p>Stored form, base64url without padding:
 * {@code format(1) = 3 | keyIdLength(1) | keyId | nonce(12) | ciphertext | tag(16)}.
 */
@Component
class MasterKeySeal implements SecretSeal {

    static final byte FORMAT = 3;

    private final MasterKeys masterKeys;
    private final AesGcm gcm;

    MasterKeySeal(MasterKeys masterKeys, SecureRandom random) {
        this.masterKeys = masterKeys;
        this.gcm = new AesGcm(random);
    }

    @Override
    public EncryptedSecret seal(String purpose, String owner, String plaintext) {
        MasterKey key = masterKeys.newest();
        byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = gcm.seal(key.bytes(), associatedData(key.id(), purpose, owner),
                plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(2 + id.length + sealed.length);
        out.put(FORMAT).put((byte) id.length).put(id).put(sealed);
        return new EncryptedSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(out.array()));
    }

    @Override
    public String open(String purpose, String owner, EncryptedSecret sealed) {
        Parsed parsed = parse(sealed);
        if (parsed == null) {
            throw unreadable(purpose, owner, "not a sealed value");
        }
        MasterKey key = masterKeys.byId(parsed.keyId())
                .orElseThrow(() -> unreadable(purpose, owner, "its master key is not configured"));
        byte[] plain = AesGcm.open(key.bytes(), associatedData(key.id(), purpose, owner), parsed.sealed())
                .orElseThrow(() -> unreadable(purpose, owner, "authentication failed"));
        return new String(plain, StandardCharsets.UTF_8);
    }

    @Override
    public boolean isUnderNewestKey(EncryptedSecret sealed) {
        Parsed parsed = parse(sealed);
        return parsed != null && parsed.keyId().equals(masterKeys.newest().id());
    }

    private record Parsed(String keyId, byte[] sealed) {
    }

    private static Parsed parse(EncryptedSecret secret) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(secret.ciphertext());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length < 2 || bytes[0] != FORMAT) {
            return null;
        }
        int idLength = bytes[1] & 0xff;
        if (bytes.length < 2 + idLength + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES) {
            return null;
        }
        return new Parsed(new String(bytes, 2, idLength, StandardCharsets.US_ASCII),
                Arrays.copyOfRange(bytes, 2 + idLength, bytes.length));
    }

    private static byte[] associatedData(String keyId, String purpose, String owner) {
        return ("mooring|sealed|v" + FORMAT + "|" + keyId + "|" + purpose + "|" + owner).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretUnreadable unreadable(String purpose, String owner, String why) {
        return new SecretUnreadable("cannot open the " + purpose + " of " + owner + ": " + why);
    }
}
