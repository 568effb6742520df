package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

/**
 * The account was deleted; its history stays for audit, its secrets become unreadable.
 *
 * @param upstreamRevocation what became of the grant at the platform; absent in events stored
 *                           before it was recorded
 */
@Revision("1")
public record AccountDisconnected(
        AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        String platformUserId,
        UpstreamRevocation upstreamRevocation) {
}
