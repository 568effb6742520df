package dev.mooring.command.lifecycle;

import java.time.Instant;

/**
 * What the lifecycle does next for an account's current credentials.
 *
 * @param refreshAt     when to refresh (or, for tokens that never expire, to verify); absent when
 *                      the platform cannot renew these credentials
 * @param warnAt        when to fire {@code TokenExpiring} if nothing else happened by then
 * @param warnOf        the end that warning is about
 * @param expireAt      when credentials that nothing can renew die, if nothing else happened by
 *                      then; never set for credentials that can be renewed
 * @param refreshEndsAt when renewing stops being possible (the refresh token's own end), where known
 * @param verifyOnly    true when "refresh" means a health check (the token never expires)
 */
record RefreshPlan(Instant refreshAt, Instant warnAt, Instant warnOf, Instant expireAt, Instant refreshEndsAt,
                          boolean verifyOnly) {
}
