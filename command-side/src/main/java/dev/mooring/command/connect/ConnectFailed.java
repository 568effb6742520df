package dev.mooring.command.connect;

import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;

import java.net.URI;
import java.time.Duration;

/**
 * A connect flow that ended without an account. When the flow knew where to send the browser back
 * ({@code returnUrl}), the caller redirects there with {@code error=<code>}; otherwise it answers
 * the error envelope. Nothing was stored.
 */
@FrontDoor
public class ConnectFailed extends RuntimeException {

    private final ErrorCode code;
    private final Platform platform;
    private final URI returnUrl;
    private final Duration retryAfter;

    public ConnectFailed(ErrorCode code, Platform platform, String message, URI returnUrl, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.platform = platform;
        this.returnUrl = returnUrl;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public Platform platform() {
        return platform;
    }

    public URI returnUrl() {
        return returnUrl;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
