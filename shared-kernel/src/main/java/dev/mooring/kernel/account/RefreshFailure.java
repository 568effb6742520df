package dev.mooring.kernel.account;

import dev.mooring.kernel.ErrorCode;

import java.time.Instant;

/**
 * Why an upstream refresh did not give new tokens.
 *
 * @param permanent     true only when the platform said this account's grant is dead; false for
 *                      timeouts, 5xx, rate limits and anything else that may pass
 * @param code          the error code readers see
 * @param reason        a human sentence; never a token
 * @param nextAttemptAt when the lifecycle tries again (transient failures only): the backoff, never
 *                      sooner than the platform's Retry-After
 */
public record RefreshFailure(boolean permanent, ErrorCode code, String reason, Instant nextAttemptAt) {

    public static RefreshFailure transientFailure(String reason, Instant nextAttemptAt) {
        return new RefreshFailure(false, ErrorCode.PLATFORM_UNAVAILABLE, reason, nextAttemptAt);
    }

    public static RefreshFailure authFailure(String reason) {
        return new RefreshFailure(true, ErrorCode.PLATFORM_AUTH_FAILED, reason, null);
    }
}
