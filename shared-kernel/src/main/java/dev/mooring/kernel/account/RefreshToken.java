package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records the outcome of one upstream refresh: exactly one of {@code credentials} (it worked) or
 * {@code failure} (it did not) is present. The upstream call itself happens before this command.
 */
public record RefreshToken(
        @TargetAggregateIdentifier AccountId accountId,
        Credentials credentials,
        RefreshFailure failure) {

    public RefreshToken {
        if ((credentials == null) == (failure == null)) {
            throw new IllegalArgumentException("a refresh either succeeded or failed");
        }
    }

    public static RefreshToken succeeded(AccountId accountId, Credentials credentials) {
        return new RefreshToken(accountId, credentials, null);
    }

    public static RefreshToken failed(AccountId accountId, RefreshFailure failure) {
        return new RefreshToken(accountId, null, failure);
    }
}
