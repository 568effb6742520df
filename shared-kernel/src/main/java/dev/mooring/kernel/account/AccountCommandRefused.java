package dev.mooring.kernel.account;

import dev.mooring.kernel.ErrorCode;

/** A command the account's current state does not allow; the code says what the caller sees. */
public class AccountCommandRefused extends RuntimeException {

    private final ErrorCode code;

    public AccountCommandRefused(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
