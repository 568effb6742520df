package dev.mooring.command.platform.linkedin;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

/** LinkedIn's API ({@code MOORING_LINKEDIN_API_URL}) with the member's token as a Bearer header; the caller
 * sends {@code LinkedIn-Version} and {@code X-Restli-Protocol-Version} itself, as the call it makes needs them. */
@Component
class LinkedInApiAccess implements ApiAccess {

    private static final RateLimitReader RATE_LIMITS = new LinkedInRateLimits();

    private final LinkedInProperties properties;

    LinkedInApiAccess(LinkedInProperties properties) {
        this.properties = properties;
    }

    @Override
    public Platform platform() {
        return Platform.LINKEDIN;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        return ProxyTarget.configured(Platform.LINKEDIN, properties.apiUrl(), UpstreamAuthorization.bearer(credentials.accessToken()),
                properties.uploadOrigins());
    }

    /** platforms.md: an expired (or revoked) access token is a plain 401; the refresh tells which. */
    @Override
    public boolean saysTokenExpired(int status, String body) {
        return status == 401;
    }
}
