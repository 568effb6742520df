package dev.mooring.command.platform.pinterest;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.LimitRemainingResetHeaders.Reset;
import dev.mooring.command.platform.LimitRemainingResetHeaders;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

/** Pinterest's API v5 ({@code MOORING_PINTEREST_API_URL}) with the user's token as a Bearer header. */
@Component
class PinterestApiAccess implements ApiAccess {

    /**
     * {@code x-ratelimit-*}, the reset in seconds from now. Pinterest limits by category (pins, boards, ...),
     * which its answers do not name, so the family is the path's first two segments ({@code v5/pins}).
     */
    private static final RateLimitReader RATE_LIMITS = new LimitRemainingResetHeaders("x-ratelimit-", Reset.SECONDS_FROM_NOW);

    private final PinterestProperties properties;

    PinterestApiAccess(PinterestProperties properties) {
        this.properties = properties;
    }

    @Override
    public Platform platform() {
        return Platform.PINTEREST;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        return ProxyTarget.configured(Platform.PINTEREST, properties.apiUrl(), UpstreamAuthorization.bearer(credentials.accessToken()),
                properties.uploadOrigins());
    }

    /** platforms.md: an expired (or revoked) access token is a plain 401; the refresh tells which. */
    @Override
    public boolean saysTokenExpired(int status, String body) {
        return status == 401;
    }
}
