package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The account's access token was handed to a caller: which API key held it, and when. Never the
 * token, not even sealed: the audit says who, not what.
 */
@Revision("1")
public record TokenAccessed(AccountId accountId, WorkspaceId workspaceId, Platform platform, String keyId,
                            Instant accessedAt) {
}
