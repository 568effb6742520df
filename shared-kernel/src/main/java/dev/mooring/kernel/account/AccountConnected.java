package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;

/** An upstream identity was connected; {@code reconnected} when it already had this account. */
public record AccountConnected(
        AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        String platformUserId,
        AccountProfile profile,
        Credentials credentials,
        AccountExtensions extensions,
        boolean reconnected) {
}
