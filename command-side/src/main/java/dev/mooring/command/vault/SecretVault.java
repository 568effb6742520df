package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;

/**
 * The only way into and out of a secret. A ciphertext is bound to its account and field: decrypting
 * it as anything else fails.
 */
public interface SecretVault {

    EncryptedSecret encrypt(AccountId account, SecretField field, String plaintext);

    /** @throws SecretUnreadable when the ciphertext was tampered with, moved, or its key is gone */
    String decrypt(AccountId account, SecretField field, EncryptedSecret secret);
}
