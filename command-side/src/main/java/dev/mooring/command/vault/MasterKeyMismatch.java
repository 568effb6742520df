package dev.mooring.command.vault;

import dev.mooring.kernel.FrontDoor;

/**
 * A configured master key is not the key its id stood for until now. Starting would fail every
 * refresh of the accounts it wraps, so startup refuses; the message names the key id, never a key.
 */
@FrontDoor
public class MasterKeyMismatch extends IllegalStateException {

    MasterKeyMismatch(String keyId, String evidence) {
        super("Master key " + keyId + " does not match the key that id stood for until now (" + evidence + ")."
                + " Configure the original bytes for " + keyId + ", or give a new key a new id beside the old one"
                + " (MOORING_MASTER_KEYS) and rotate. Nothing was written.");
    }
}
