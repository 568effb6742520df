package dev.mooring.query.webhooks;

import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.SecretSeal;
import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets as they rest in {@code webhook_endpoints}: sealed under the master keys
 * (the vault's {@link SecretSeal}), bound to their endpoint. An HMAC key has to be read back to sign,
 * so it cannot be hashed like an API key; sealed, a copy of the database signs nothing.
 */
@Component
class WebhookSecrets {

    private static final String PURPOSE = "webhook signing secret";

    private final SecretSeal seal;

    public WebhookSecrets(SecretSeal seal) {
        this.seal = seal;
    }

    /** @return the column value */
    String seal(String endpointId, String secret) {
        return seal.seal(PURPOSE, endpointId, secret).ciphertext();
    }

    /** @param stored a column value, sealed; or still clear, on a row {@link WebhookSecretSealing} has yet to reach */
    String open(String endpointId, String stored) {
        return isClear(stored) ? stored : seal.open(PURPOSE, endpointId, new EncryptedSecret(stored));
    }

    /** False for a clear secret and for one sealed under an older master key. */
    boolean isSealedUnderNewestKey(String stored) {
        return !isClear(stored) && seal.isUnderNewestKey(new EncryptedSecret(stored));
    }

    /** A sealed value is base64 of bytes starting with a format byte, never the {@code whsec_} text. */
    private static boolean isClear(String stored) {
        return stored.startsWith(WebhookSignature.SECRET_PREFIX);
    }
}
