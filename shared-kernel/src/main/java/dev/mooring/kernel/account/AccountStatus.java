package dev.mooring.kernel.account;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An account's health as readers see it: active → expiring → active again, or revoked until reconnected. */
public enum AccountStatus {
    ACTIVE,
    EXPIRING,
    REVOKED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AccountStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
