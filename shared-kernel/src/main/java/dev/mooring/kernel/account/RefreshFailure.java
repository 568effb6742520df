package dev.mooring.kernel.account;

import dev.mooring.kernel.ErrorCode;

/**
 * Why an upstream refresh did not give new tokens.
 *
 * @param permanent true for auth-class answers (the credentials are dead); false for timeouts, 5xx, rate limits
 * @param code      the error code readers see
 * @param reason    a human sentence; never a token
 */
public record RefreshFailure(boolean permanent, ErrorCode code, String reason) {

    public static RefreshFailure transientFailure(String reason) {
        return new RefreshFailure(false, ErrorCode.PLATFORM_UNAVAILABLE, reason);
    }

    public static RefreshFailure authFailure(String reason) {
        return new RefreshFailure(true, ErrorCode.PLATFORM_AUTH_FAILED, reason);
    }
}
