package dev.mooring.kernel.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** What became of an account's grant at its platform when Mooring let go of it. */
public enum UpstreamRevocation {
    /** The platform confirmed the grant revoked. */
    REVOKED("revoked"),
    /** The platform could not be asked (outage, timeout, refusal): the grant may still live there. */
    FAILED("failed"),
    /** The platform offers no way to revoke just this grant. */
    NOT_SUPPORTED("not_supported"),
    /** The platform had already ended the grant (the account was revoked). */
    NOT_NEEDED("not_needed");

    private final String wireName;

    UpstreamRevocation(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static UpstreamRevocation fromWireName(String name) {
        return Arrays.stream(values()).filter(value -> value.wireName.equals(name) || value.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown upstream revocation " + name));
    }
}
