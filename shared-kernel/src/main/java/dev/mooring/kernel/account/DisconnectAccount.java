package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes the account for good. The grant was let go of upstream before this command, as far as
 * the platform allows; {@code upstreamRevocation} says how that went.
 */
public record DisconnectAccount(@TargetAggregateIdentifier AccountId accountId, WorkspaceId workspaceId,
                                UpstreamRevocation upstreamRevocation) {
}
