package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Warns that the account's credentials will die unless something changes.
 *
 * @param endsAt the end warned of; absent means the access token's recorded expiry
 */
public record MarkTokenExpiring(@TargetAggregateIdentifier AccountId accountId, Instant endsAt) {

    public MarkTokenExpiring(AccountId accountId) {
        this(accountId, null);
    }
}
