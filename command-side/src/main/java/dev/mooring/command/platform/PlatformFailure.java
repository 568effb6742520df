package dev.mooring.command.platform;

import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;

import java.time.Duration;

/**
 * An upstream platform did not give what was asked. The kind decides what happens next: a rejection
 * is final for this attempt, an auth failure means the platform said this account's grant is dead,
 * an outage may pass, and a refusal of the app's own credentials is the operator's to fix.
 * The message carries the upstream's error name and description, never a token.
 */
@FrontDoor
public class PlatformFailure extends RuntimeException {

    public enum Kind {
        /** The platform refused the request (consent denied, bad code, missing permission). */
        REJECTED(ErrorCode.PLATFORM_REJECTED),
        /** The credentials are expired or revoked: only a reconnect helps. */
        AUTH_FAILED(ErrorCode.PLATFORM_AUTH_FAILED),
        /** Timeout, connection failure, 5xx or rate limit: try again later. */
        UNAVAILABLE(ErrorCode.PLATFORM_UNAVAILABLE),
        /**
         * The platform refused Mooring's own app credentials ({@code invalid_client},
         * {@code unauthorized_client}): an operator fault that says nothing about any account.
         */
        CLIENT_REJECTED(ErrorCode.PLATFORM_UNAVAILABLE);

        private final ErrorCode code;

        Kind(ErrorCode code) {
            this.code = code;
        }
    }

    private final Kind kind;
    private final ErrorCode code;
    private final Platform platform;
    private final String upstreamError;
    private final Duration retryAfter;

    public PlatformFailure(Kind kind, Platform platform, String upstreamError, String message, Duration retryAfter) {
        this(kind, kind.code, platform, upstreamError, message, retryAfter);
    }

    private PlatformFailure(Kind kind, ErrorCode code, Platform platform, String upstreamError, String message,
                            Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.platform = platform;
        this.upstreamError = upstreamError;
        this.retryAfter = retryAfter;
    }

    public static PlatformFailure rejected(Platform platform, String upstreamError, String message) {
        return new PlatformFailure(Kind.REJECTED, platform, upstreamError, message, null);
    }

    /** A rejection that has its own public code, e.g. {@code facebook.pages.none}. */
    public static PlatformFailure rejected(ErrorCode code, Platform platform, String upstreamError, String message) {
        return new PlatformFailure(Kind.REJECTED, code, platform, upstreamError, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public ErrorCode code() {
        return code;
    }

    public Platform platform() {
        return platform;
    }

    /** The upstream's own error name (e.g. {@code invalid_grant}), when it gave one. */
    public String upstreamError() {
        return upstreamError;
    }

    /** How long the upstream asked us to wait, when it said. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
