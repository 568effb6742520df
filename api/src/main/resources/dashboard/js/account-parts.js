import {el} from './dom.js';
import {countdown, when} from './format.js';

// The pieces of an account both the table and the account's page show.

export const PLATFORMS = ['bluesky', 'facebook', 'instagram', 'linkedin', 'pinterest', 'sandbox', 'threads', 'x'];
export const STATUSES = ['active', 'expiring', 'revoked'];

export function statusBadge(account) {
  return el('span', {className: `badge ${account.status}`}, account.status);
}

export function accountName(account) {
  return account.displayName || account.handle || account.platformUserId;
}

/** The token's expiry as a countdown the page keeps current, the exact time on hover. */
export function expiry(account) {
  return account.tokenExpiresAt
    ? el('span', {className: 'countdown', title: when(account.tokenExpiresAt), dataset: {expiresAt: account.tokenExpiresAt}},
      countdown(account.tokenExpiresAt))
    : el('span', {className: 'muted'}, 'no expiry');
}

export function lastRefresh(account) {
  return el('span', {className: 'last-refresh', dataset: {refreshedAt: account.refreshedAt || ''}},
    account.refreshedAt ? when(account.refreshedAt) : 'never');
}

/**
 * What is wrong with the account, in words: a revoked account's reason, or refreshes that keep failing
 * (the account stays as it is while Mooring retries). Null when nothing is.
 */
export function trouble(account) {
  if (account.status === 'revoked') {
    return el('div', {className: 'trouble revoked'},
      `Revoked: ${account.statusReason || 'the platform refused its credentials'}`,
      account.statusCode ? ` (${account.statusCode})` : '', '. Connect the account again.');
  }
  const failing = account.refreshFailing;
  if (failing) {
    return el('div', {className: 'trouble failing'},
      `Refresh failing: ${failing.lastErrorReason || 'the platform did not renew the token'}`,
      failing.lastErrorCode ? ` (${failing.lastErrorCode})` : '',
      ` — ${failing.consecutiveFailures} in a row since ${when(failing.since)}; next attempt ${when(failing.nextAttemptAt)}.`);
  }
  return null;
}
