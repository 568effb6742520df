package dev.mooring.command.platform.bluesky;

import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.oauth.UpstreamError;
import dev.mooring.kernel.Platform;

/**
 * An AT Protocol server refused a call for a reason other than an outage: its HTTP status and the
 * error it named ({@code {"error", "message"}}). What that means depends on the call, so the
 * caller decides, and turns it into a {@link PlatformFailure} before it leaves this package.
 */
final class XrpcError extends RuntimeException {

    private final int status;
    private final UpstreamError error;

    XrpcError(int status, UpstreamError error) {
        super("bluesky answered " + status + " (" + error.summary() + ")", null, false, false);
        this.status = status;
        this.error = error;
    }

    String name() {
        return error.name();
    }

    /**
     * A 400 or 401 to a call that presents credentials: the token or password was not accepted
     * ({@code ExpiredToken} and {@code InvalidToken} are 400s, {@code AuthenticationRequired},
     * {@code AuthMissing} and {@code AccountTakedown} 401s).
     */
    boolean refusesCredentials() {
        return status == 400 || status == 401;
    }

    PlatformFailure as(PlatformFailure.Kind kind) {
        return new PlatformFailure(kind, Platform.BLUESKY, error.name(), getMessage(), null);
    }
}
