package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Checks the account against its platform now, refreshing on an expired session; revokes when the platform says the credentials are dead. */
public record VerifyAccount(@TargetAggregateIdentifier AccountId accountId, WorkspaceId workspaceId) {
}
