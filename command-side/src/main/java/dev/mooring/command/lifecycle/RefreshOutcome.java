package dev.mooring.command.lifecycle;

/** What one refresh request came to. */
public enum RefreshOutcome {
    /** New credentials were stored. */
    REFRESHED,
    /** Another caller had refreshed already; nothing was done. */
    NOT_DUE,
    /** A transient failure was recorded; the lifecycle retries. */
    FAILED,
    /** The platform said the credentials are dead; the account is revoked. */
    REVOKED
}
