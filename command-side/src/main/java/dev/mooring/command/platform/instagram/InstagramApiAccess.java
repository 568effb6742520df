package dev.mooring.command.platform.instagram;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.platform.meta.GraphTokenExpiry;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.command.platform.meta.GraphRateLimits;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

/** graph.instagram.com ({@code MOORING_INSTAGRAM_API_URL}) with the Instagram Login token as a Bearer
 * header, which Graph takes in place of an {@code access_token} parameter (kept out of URLs and their logs). */
@Component
class InstagramApiAccess implements ApiAccess {

    private static final RateLimitReader RATE_LIMITS = new GraphRateLimits();

    private final InstagramProperties properties;

    InstagramApiAccess(InstagramProperties properties) {
        this.properties = properties;
    }

    @Override
    public Platform platform() {
        return Platform.INSTAGRAM;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        return ProxyTarget.configured(Platform.INSTAGRAM, properties.apiUrl(), UpstreamAuthorization.bearer(credentials.accessToken()),
                properties.uploadOrigins());
    }

    @Override
    public boolean saysTokenExpired(int status, String body) {
        return GraphTokenExpiry.says(body);
    }
}
