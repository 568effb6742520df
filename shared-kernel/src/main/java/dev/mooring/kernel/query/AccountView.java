package dev.mooring.kernel.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountStatus;

import java.time.Instant;
import java.util.List;

/**
 * An account as readers see it: the public profile and the token's health, never a secret.
 *
 * @param extensions   public platform-specific facts, e.g. Pinterest's default board
 * @param statusCode   why the account is revoked, when it is
 * @param statusReason a human sentence to go with {@code statusCode}
 * @param refreshFailing present while refreshes keep failing for a reason that may pass
 * @param rateLimits   the platform's rate limits as its last proxied answers reported them, by endpoint family
 * @param version      the aggregate version the row reflects; lets a writer wait for its own write
 */
public record AccountView(
        AccountId id,
        Platform platform,
        String platformUserId,
        String displayName,
        String handle,
        String avatarUrl,
        AccountStatus status,
        ErrorCode statusCode,
        String statusReason,
        Instant tokenExpiresAt,
        Instant connectedAt,
        Instant refreshedAt,
        AccountExtensions extensions,
        RefreshFailing refreshFailing,
        List<RateLimit> rateLimits,
        @JsonIgnore long version) {
}
