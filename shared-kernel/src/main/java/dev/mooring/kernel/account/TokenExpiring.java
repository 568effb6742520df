package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;

import java.time.Instant;

/** The account's token will die at {@code expiresAt} unless it is refreshed or reconnected. */
public record TokenExpiring(AccountId accountId, WorkspaceId workspaceId, Platform platform, Instant expiresAt) {
}
