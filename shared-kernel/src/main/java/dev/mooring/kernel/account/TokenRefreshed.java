package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

/** Upstream issued new credentials; they replace the old ones whole. */
@Revision("1")
public record TokenRefreshed(AccountId accountId, WorkspaceId workspaceId, Platform platform, Credentials credentials) {
}
