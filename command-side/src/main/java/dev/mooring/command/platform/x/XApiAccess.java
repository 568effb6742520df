package dev.mooring.command.platform.x;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.LimitRemainingResetHeaders.Reset;
import dev.mooring.command.platform.LimitRemainingResetHeaders;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

/** X's API ({@code MOORING_X_API_URL}) with the user's OAuth 2 token as a Bearer header. */
@Component
class XApiAccess implements ApiAccess {

    /** {@code x-rate-limit-*}, sent per endpoint and user; the reset is a moment (epoch seconds). */
    static final RateLimitReader RATE_LIMITS = new LimitRemainingResetHeaders("x-rate-limit-", Reset.EPOCH_SECONDS);

    private final XProperties properties;

    XApiAccess(XProperties properties) {
        this.properties = properties;
    }

    @Override
    public Platform platform() {
        return Platform.X;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        return ProxyTarget.configured(Platform.X, properties.apiUrl(), UpstreamAuthorization.bearer(credentials.accessToken()),
                properties.uploadOrigins());
    }

    /** platforms.md: an expired (or revoked) access token is a plain 401; the refresh tells which. */
    @Override
    public boolean saysTokenExpired(int status, String body) {
        return status == 401;
    }
}
