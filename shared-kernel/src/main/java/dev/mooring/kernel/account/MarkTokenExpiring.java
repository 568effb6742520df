package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Warns that the account's token will die at its recorded expiry unless something changes. */
public record MarkTokenExpiring(@TargetAggregateIdentifier AccountId accountId) {
}
