package dev.mooring.command.lifecycle;

import dev.mooring.kernel.AccountId;

/**
 * How the lifecycle asks for upstream work without waiting for it: the work runs outside the
 * deadline's transaction, and its outcome comes back as the account's events.
 */
interface RefreshRequests {

    /** Refreshes the account if it is due, or retries a failed refresh. */
    void refreshInBackground(AccountId account);

    /** Checks credentials that never expire. */
    void verifyInBackground(AccountId account);
}
