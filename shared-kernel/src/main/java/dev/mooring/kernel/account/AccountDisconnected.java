package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;

/** The account was deleted; its history stays for audit, its secrets become unreadable. */
public record AccountDisconnected(
        AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        String platformUserId) {
}
