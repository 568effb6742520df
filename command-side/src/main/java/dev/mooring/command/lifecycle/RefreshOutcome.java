package dev.mooring.command.lifecycle;

/** What one refresh request came to. */
public enum RefreshOutcome {
    /** New credentials were stored. */
    REFRESHED,
    /**
     * Nothing to store: another caller had refreshed already, the token was too young for its
     * platform to refresh, or a check found it fine.
     */
    NOT_DUE,
    /** A transient failure was recorded; the lifecycle retries. */
    FAILED,
    /** The platform said the credentials are dead; the account is revoked. */
    REVOKED
}
