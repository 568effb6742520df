package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The account's token will die at {@code expiresAt} unless it is refreshed or reconnected. */
@Revision("1")
public record TokenExpiring(AccountId accountId, WorkspaceId workspaceId, Platform platform, Instant expiresAt) {
}
