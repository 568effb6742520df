package dev.mooring.kernel.query;

import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountStatus;

/**
 * One page of a workspace's accounts, ordered by id (ids sort by creation time).
 *
 * @param platform   only this platform, or all when absent
 * @param status     only this status, or all when absent
 * @param afterId    the last id of the previous page, or absent for the first page
 * @param limit      page size, 1 to 100
 */
public record FindAccounts(WorkspaceId workspaceId, Platform platform, AccountStatus status, String afterId, int limit) {

    public static final int MAX_LIMIT = 100;

    public FindAccounts {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
