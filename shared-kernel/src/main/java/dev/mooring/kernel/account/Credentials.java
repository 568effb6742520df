package dev.mooring.kernel.account;

import dev.mooring.kernel.EncryptedSecret;

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
 */
public record Credentials(
        EncryptedSecret accessToken,
        EncryptedSecret refreshToken,
        EncryptedSecret appPassword,
        Instant expiresAt,
        Instant refreshExpiresAt) {

    public Credentials {
        Objects.requireNonNull(accessToken, "accessToken");
    }
}
