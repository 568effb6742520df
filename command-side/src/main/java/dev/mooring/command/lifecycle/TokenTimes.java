package dev.mooring.command.lifecycle;

import dev.mooring.kernel.account.Credentials;

import java.time.Instant;

/**
 * What the lifecycle needs to know of an account's credentials to plan: their times and whether
 * they can be renewed without the user. No secret, not even a ciphertext, so the saga can keep it.
 *
 * @param issuedAt         when the current access token was issued
 * @param expiresAt        when it dies; absent for tokens that never expire
 * @param refreshExpiresAt when the refresh token dies, where the platform says
 * @param refreshToken     a refresh token is held
 * @param appPassword      an app password is held (Bluesky: a dead session can be re-created)
 */
record TokenTimes(Instant issuedAt, Instant expiresAt, Instant refreshExpiresAt, boolean refreshToken,
                         boolean appPassword) {

    public static TokenTimes of(Credentials credentials, Instant issuedAt) {
        return new TokenTimes(issuedAt, credentials.expiresAt(), credentials.refreshExpiresAt(),
                credentials.refreshToken() != null, credentials.appPassword() != null);
    }
}
