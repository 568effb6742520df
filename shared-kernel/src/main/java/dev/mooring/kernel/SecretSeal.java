package dev.mooring.kernel;

/**
 * Seals a secret that belongs to something other than an account (a webhook endpoint's signing
 * secret) under the master keys. The command side's vault implements it, so the one AES-256-GCM
 * code serves both sides and the query side never holds a key; the purpose and the owner's id are
 * bound into the ciphertext, so a sealed value moved to another owner or purpose does not open.
 */
public interface SecretSeal {

    EncryptedSecret seal(String purpose, String owner, String plaintext);

    /** @throws RuntimeException when it does not open: tampered, moved, or its master key is not configured */
    String open(String purpose, String owner, EncryptedSecret sealed);

    /** False when the value should be sealed again: under an older master key, or not sealed by this at all. */
    boolean isUnderNewestKey(EncryptedSecret sealed);
}
