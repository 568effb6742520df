package dev.mooring.command.lifecycle;

import java.time.Instant;

/**
 * What the lifecycle does next for an account's current credentials.
 *
 * @param refreshAt when to refresh (or, for tokens that never expire, to verify); absent when the
 *                  platform cannot refresh these credentials
 * @param warnAt    when to fire {@code TokenExpiring} if nothing else happened by then
 * @param expireAt  when the credentials die if nothing else happened by then
 * @param verifyOnly true when "refresh" means a health check (the token never expires)
 */
public record RefreshPlan(Instant refreshAt, Instant warnAt, Instant expireAt, boolean verifyOnly) {
}
