package dev.mooring.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * A secret as it travels in commands and events and rests in the event store: an opaque, versioned
 * ciphertext produced by the command side's vault. Only the vault can turn it back into plaintext.
 */
public record EncryptedSecret(@JsonValue String ciphertext) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public EncryptedSecret {
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /** Short enough for a debugger, useless to an attacker. */
    @Override
    public String toString() {
        return "EncryptedSecret[" + ciphertext.length() + " chars]";
    }
}
