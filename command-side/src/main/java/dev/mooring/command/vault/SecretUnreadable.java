package dev.mooring.command.vault;

/** A ciphertext that cannot be decrypted. The message names the account and field, never any secret. */
public class SecretUnreadable extends RuntimeException {

    public SecretUnreadable(String message) {
        super(message);
    }
}
