package dev.mooring.command.platform.sandbox;

import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.platform.UpstreamAuthorization;
import dev.mooring.command.platform.oauth.UpstreamError;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.net.URI;

/** The sandbox's own API ({@code <sandbox url>/api/...}) with the account's token as a Bearer header. */
@Component
class SandboxApiAccess implements ApiAccess {

    private static final RateLimitReader RATE_LIMITS = RateLimitReader.NONE;

    private final SandboxProperties properties;
    private final PublicBaseUrl publicUrl;

    SandboxApiAccess(SandboxProperties properties, PublicBaseUrl publicUrl) {
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    @Override
    public Platform platform() {
        return Platform.SANDBOX;
    }

    @Override
    public RateLimitReader rateLimits() {
        return RATE_LIMITS;
    }

    @Override
    public ProxyTarget target(PlainCredentials credentials) {
        // as the connector finds it: the default follows this instance's port, known only once it listens
        URI base = properties.url() != null ? properties.url() : URI.create(publicUrl.get().toString().replaceAll("/+$", "") + "/sandbox");
        return ProxyTarget.configured(Platform.SANDBOX, base, UpstreamAuthorization.bearer(credentials.accessToken()), null);
    }

    /** RFC 6750 as the sandbox's API speaks it: 401 {@code invalid_token} for an expired, revoked or unknown token. */
    @Override
    public boolean saysTokenExpired(int status, String body) {
        return status == 401 && "invalid_token".equals(UpstreamError.parse(status, body).name());
    }
}
