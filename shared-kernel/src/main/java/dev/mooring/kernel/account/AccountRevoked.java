package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

/** The account's credentials no longer work; it needs a reconnect. */
@Revision("1")
public record AccountRevoked(
        AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        ErrorCode code,
        String reason) {
}
