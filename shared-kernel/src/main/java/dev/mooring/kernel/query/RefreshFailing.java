package dev.mooring.kernel.query;

import dev.mooring.kernel.ErrorCode;

import java.time.Instant;

/**
 * An account whose refreshes keep failing for a reason that may pass. Its status does not change:
 * the lifecycle keeps trying, and the account is lost only if the platform says so.
 *
 * @param since               when the first failure of this run happened
 * @param lastErrorCode       the newest failure's code
 * @param lastErrorReason     the newest failure's sentence
 * @param consecutiveFailures how many attempts in a row failed
 * @param nextAttemptAt       when the lifecycle tries again
 */
public record RefreshFailing(Instant since, ErrorCode lastErrorCode, String lastErrorReason, int consecutiveFailures,
                             Instant nextAttemptAt) {
}
