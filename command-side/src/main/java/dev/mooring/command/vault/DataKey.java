package dev.mooring.command.vault;

import java.security.SecureRandom;

/**
 * One account's own AES-256 key, in clear. It exists in memory only for the length of one encrypt or
 * decrypt; at rest it is always wrapped by a master key (see {@link DataKeys}).
 */
final class DataKey {

    /** Every account's first data key; the version is bound into each ciphertext, so a later one can be added. */
    static final int FIRST_VERSION = 1;

    private final int version;
    private final byte[] key;

    DataKey(int version, byte[] key) {
        if (key.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("a data key is 32 bytes");
        }
        this.version = version;
        this.key = key.clone();
    }

    static DataKey generate(SecureRandom random) {
        byte[] key = new byte[AesGcm.KEY_BYTES];
        random.nextBytes(key);
        return new DataKey(FIRST_VERSION, key);
    }

    int version() {
        return version;
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "DataKey[v" + version + ", redacted]";
    }
}
