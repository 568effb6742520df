package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes the account for good. The workspace is checked, so one tenant can never delete another's account. */
public record DisconnectAccount(@TargetAggregateIdentifier AccountId accountId, WorkspaceId workspaceId) {
}
