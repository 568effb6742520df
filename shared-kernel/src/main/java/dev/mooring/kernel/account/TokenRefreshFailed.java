package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A refresh failed for a reason that may pass; the account stays as it was.
 *
 * @param nextAttemptAt when the lifecycle tries again; absent in events stored before it was recorded
 */
@Revision("1")
public record TokenRefreshFailed(
        AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        ErrorCode code,
        String reason,
        int consecutiveFailures,
        Instant nextAttemptAt) {
}
