package dev.mooring.command.lifecycle;

import dev.mooring.kernel.FrontDoor;

/** What one refresh request came to. */
@FrontDoor
public enum RefreshOutcome {
    /** New credentials were stored. */
    REFRESHED,
    /**
     * Nothing to store: another caller had refreshed already, the token was too young for its
     * platform to refresh, a check found it fine, or the account was reconnected meanwhile.
     */
    NOT_DUE,
    /** A failure that may pass was recorded; the lifecycle retries. */
    FAILED,
    /** The platform said this account's grant is dead; the account is revoked. */
    REVOKED,
    /**
     * Mooring's own configuration failed (the platform refused its client credentials, or a secret
     * could not be opened): the operator is told, the account is left as it is, the lifecycle retries.
     */
    OPERATOR_FAULT
}
