package dev.mooring.command.platform.facebook;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.platform.meta.GraphTokenExpiry;
import dev.mooring.command.platform.meta.AppSecretProof;
import dev.mooring.command.platform.meta.GraphRateLimits;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

/**
 * The Graph API ({@code MOORING_FACEBOOK_API_URL}) as the Page: its Page token as a Bearer header
 * (kept out of URLs and their logs), and {@code appsecret_proof} for that token unless
 * {@code MOORING_FACEBOOK_APPSECRET_PROOF} is off.
 */
@Component
class FacebookApiAccess implements ApiAccess {

    private static final RateLimitReader RATE_LIMITS = new GraphRateLimits();

    private final FacebookProperties properties;

    FacebookApiAccess(FacebookProperties properties) {
        this.properties = properties;
    }

    @Override
    public Platform platform() {
        return Platform.FACEBOOK;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        UpstreamAuthorization authorization = UpstreamAuthorization.bearer(credentials.accessToken());
        if (properties.appsecretProof() && properties.clientSecret() != null) {
            authorization = authorization.withQueryParameter(AppSecretProof.PARAMETER,
                    AppSecretProof.of(properties.clientSecret(), credentials.accessToken()));
        }
        return ProxyTarget.configured(Platform.FACEBOOK, properties.apiUrl(), authorization, properties.uploadOrigins());
    }

    @Override
    public boolean saysTokenExpired(int status, String body) {
        return GraphTokenExpiry.says(body);
    }
}
