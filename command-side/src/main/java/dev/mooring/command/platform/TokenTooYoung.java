package dev.mooring.command.platform;

import java.time.Instant;

/**
 * A refresh was asked of a token the platform refuses to refresh yet (Instagram and Threads: one
 * younger than 24 hours). Nothing was sent upstream and the stored token is still good: the
 * refresh is skipped, not failed.
 */
public class TokenTooYoung extends RuntimeException {

    private final Instant refreshableAt;

    public TokenTooYoung(String message, Instant refreshableAt) {
        super(message, null, false, false);
        this.refreshableAt = refreshableAt;
    }

    /** The earliest moment the platform accepts a refresh of this token. */
    public Instant refreshableAt() {
        return refreshableAt;
    }
}
