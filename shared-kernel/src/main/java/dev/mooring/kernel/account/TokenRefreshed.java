package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;

/** Upstream issued new credentials; they replace the old ones whole. */
public record TokenRefreshed(AccountId accountId, WorkspaceId workspaceId, Platform platform, Credentials credentials) {
}
