package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records the outcome of one upstream refresh: exactly one of {@code credentials} (it worked) or
 * {@code failure} (it did not) is present. The upstream call itself happens before this command.
 *
 * @param basedOn the access token the refresh started from; the outcome is recorded only while it
 *                is still the account's (a reconnect meanwhile makes this refresh stale)
 */
public record RefreshToken(
        @TargetAggregateIdentifier AccountId accountId,
        Credentials credentials,
        RefreshFailure failure,
        EncryptedSecret basedOn) {

    public RefreshToken {
        if ((credentials == null) == (failure == null)) {
            throw new IllegalArgumentException("a refresh either succeeded or failed");
        }
    }

    public static RefreshToken succeeded(AccountId accountId, Credentials credentials, EncryptedSecret basedOn) {
        return new RefreshToken(accountId, credentials, null, basedOn);
    }

    public static RefreshToken failed(AccountId accountId, RefreshFailure failure, EncryptedSecret basedOn) {
        return new RefreshToken(accountId, null, failure, basedOn);
    }
}
