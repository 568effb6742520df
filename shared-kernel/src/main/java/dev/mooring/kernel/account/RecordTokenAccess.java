package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A caller of {@code workspaceId} is about to be handed the account's access token with the API key
 * {@code keyId}; recorded first, so no token leaves without its audit entry.
 */
public record RecordTokenAccess(@TargetAggregateIdentifier AccountId accountId, WorkspaceId workspaceId, String keyId,
                                Instant accessedAt) {
}
