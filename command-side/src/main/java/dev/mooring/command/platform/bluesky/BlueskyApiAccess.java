package dev.mooring.command.platform.bluesky;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.LimitRemainingResetHeaders.Reset;
import dev.mooring.command.platform.LimitRemainingResetHeaders;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UploadOrigins;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.platform.oauth.UpstreamError;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The account's own PDS, the server its session was made on (found from its DID document at
 * connect, and again whenever a new login is needed), with the access JWT as a Bearer header. That
 * address came from a document the user controls, so the outbound policy applies to it.
 */
@Component
class BlueskyApiAccess implements ApiAccess {

    /** A PDS's {@code RateLimit-*} per XRPC method (family {@code xrpc/<method>}); the reset is a moment (epoch seconds). */
    private static final RateLimitReader RATE_LIMITS = new LimitRemainingResetHeaders("ratelimit-", Reset.EPOCH_SECONDS);

    @Override
    public Platform platform() {
        return Platform.BLUESKY;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        if (credentials.serviceUrl() == null) {
            throw new PlatformFailure(PlatformFailure.Kind.UNAVAILABLE, Platform.BLUESKY, "no_session",
                    "no session server is recorded for this account", null);
        }
        return new ProxyTarget(Platform.BLUESKY, credentials.serviceUrl(), UpstreamAuthorization.bearer(credentials.accessToken()),
                new UploadOrigins(List.of()), true);
    }

    /** An expired access JWT is 400 {@code ExpiredToken} (401 from some PDS versions); the refresh JWT renews it. */
    @Override
    public boolean saysTokenExpired(int status, String body) {
        return (status == 400 || status == 401) && "ExpiredToken".equals(UpstreamError.parse(status, body).name());
    }
}
