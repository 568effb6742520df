package dev.mooring.kernel.account;

import dev.mooring.kernel.EncryptedSecret;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What an account authenticates with upstream, every secret already encrypted.
 *
 * @param accessToken      always present
 * @param refreshToken     absent where the platform issues none
 * @param appPassword      Bluesky only: lets a dead session be re-created
 * @param expiresAt        when the access token dies; absent for tokens that never expire
 * @param refreshExpiresAt when the refresh token dies, where the platform says
 * @param serviceUrl       the server that issued these credentials and takes them back, where that
 *                         differs per account (Bluesky: the account's PDS); absent where the
 *                         platform's endpoints are configuration. Public, so not encrypted. Events
 *                         stored before it existed read it as absent.
 */
public record Credentials(
        EncryptedSecret accessToken,
        EncryptedSecret refreshToken,
        EncryptedSecret appPassword,
        Instant expiresAt,
        Instant refreshExpiresAt,
        URI serviceUrl) {

    public Credentials {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /** Credentials for a platform whose endpoints are configuration. */
    public Credentials(EncryptedSecret accessToken, EncryptedSecret refreshToken, EncryptedSecret appPassword,
                       Instant expiresAt, Instant refreshExpiresAt) {
        this(accessToken, refreshToken, appPassword, expiresAt, refreshExpiresAt, null);
    }
}
