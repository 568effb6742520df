package dev.mooring.command.vault;

import dev.mooring.kernel.FrontDoor;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/** A 256-bit key-encryption key and the id ciphertexts name it by. */
@FrontDoor
public final class MasterKey {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;
    private final byte[] key;

    public MasterKey(String id, byte[] key) {
        Objects.requireNonNull(id, "master key id");
        if (!isWellFormedId(id)) {
            throw new IllegalArgumentException("master key id must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (key == null || key.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("master key " + id + " must be 32 bytes (256 bits)");
        }
        this.id = id;
        this.key = key.clone();
    }

    public static boolean isWellFormedId(String id) {
        return id != null && KEY_ID.matcher(id).matches();
    }

    public String id() {
        return id;
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && id.equals(other.id) && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
