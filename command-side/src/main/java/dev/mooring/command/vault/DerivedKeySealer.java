package dev.mooring.command.vault;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.springframework.stereotype.Component;

import dev.mooring.kernel.FrontDoor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Seals short-lived values that belong to no account (an idempotent request's stored answer, which
 * may show a new API key or signing secret) with {@link AesGcm} under a key derived (HKDF-SHA256)
 * from the newest master key and a random salt of its own: every value gets its own key, and the
 * master key itself never encrypts bulk data. The purpose and the caller's context are bound as
 * associated data, so a sealed value copied to another row or purpose does not open.
 *
 * <p>A value names the master key it was derived from; it opens while that key is configured. Such
 * values live hours, so retiring a master key (after a rotation) simply makes the few left unreadable.
 *
 * <p>Stored form: {@code format(1) = 1 | idLength(1) | master key id | salt(32) | nonce(12) | ciphertext | tag(16)}.
 */
@FrontDoor
@Component
public class DerivedKeySealer {

    static final byte FORMAT = 1;
    static final int SALT_BYTES = 32;

    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final AesGcm gcm;

    public DerivedKeySealer(MasterKeys masterKeys, SecureRandom random) {
        this.masterKeys = masterKeys;
        this.random = random;
        this.gcm = new AesGcm(random);
    }

    public byte[] seal(String purpose, String context, byte[] plaintext) {
        MasterKey master = masterKeys.newest();
        byte[] id = master.id().getBytes(StandardCharsets.US_ASCII);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] sealed = gcm.seal(derive(master, salt, purpose), associatedData(master.id(), purpose, context), plaintext);
        return ByteBuffer.allocate(2 + id.length + SALT_BYTES + sealed.length)
                .put(FORMAT).put((byte) id.length).put(id).put(salt).put(sealed)
                .array();
    }

    /**
     * The plaintext; empty when the value was altered, was sealed for another purpose or context, or
     * names a master key that is not configured (any more).
     */
    public Optional<byte[]> open(String purpose, String context, byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        if (in.remaining() < 2 || in.get() != FORMAT) {
            return Optional.empty();
        }
        int idLength = Byte.toUnsignedInt(in.get());
        if (in.remaining() < idLength + SALT_BYTES) {
            return Optional.empty();
        }
        byte[] id = new byte[idLength];
        in.get(id);
        byte[] salt = new byte[SALT_BYTES];
        in.get(salt);
        byte[] sealed = Arrays.copyOfRange(stored, in.position(), stored.length);
        return masterKeys.byId(new String(id, StandardCharsets.US_ASCII))
                .flatMap(master -> AesGcm.open(derive(master, salt, purpose),
                        associatedData(master.id(), purpose, context), sealed));
    }

    private static byte[] derive(MasterKey master, byte[] salt, String purpose) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(master.bytes(), salt,
                ("mooring|derived-key|v" + FORMAT + "|" + purpose).getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[AesGcm.KEY_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    private static byte[] associatedData(String masterKeyId, String purpose, String context) {
        return ("mooring|sealed|v" + FORMAT + "|" + masterKeyId + "|" + purpose + "|" + context)
                .getBytes(StandardCharsets.UTF_8);
    }
}
