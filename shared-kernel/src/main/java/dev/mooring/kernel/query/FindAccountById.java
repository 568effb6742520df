package dev.mooring.kernel.query;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;

/** One account, visible only to the workspace that owns it. */
public record FindAccountById(WorkspaceId workspaceId, AccountId accountId) {
}
