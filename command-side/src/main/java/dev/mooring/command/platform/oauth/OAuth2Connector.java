package dev.mooring.command.platform.oauth;

import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a plain OAuth 2 platform's connector does the same as every other: enabled once its client
 * credentials are set, PKCE as its settings say, refresh with the refresh-token grant, and verify
 * with one authenticated profile call. A platform supplies the profile reading and its URL.
 */
public abstract class OAuth2Connector implements OAuthConnector, CredentialsKeeper {

    private final Platform platform;
    protected final OAuth2Client client;
    protected final Clock clock;

    protected OAuth2Connector(Platform platform, OAuth2Client client, Clock clock) {
        this.platform = platform;
        this.client = client;
        this.clock = clock;
    }

    /** The cheap authenticated call that says whether an access token still works. */
    protected abstract URI profileUrl();

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public boolean enabled() {
        return client.settings().configured();
    }

    /** A call that needs the app's client credentials is not made without them. */
    protected void requireEnabled() {
        if (!enabled()) {
            throw new PlatformFailure(PlatformFailure.Kind.UNAVAILABLE, platform, "not_configured",
                    platform.wireName() + " has no client credentials configured", null);
        }
    }

    @Override
    public boolean usesPkce() {
        return client.settings().pkce();
    }

    @Override
    public URI authorizationUrl(String state, URI redirectUri, String codeChallenge) {
        return client.authorizationUrl(state, redirectUri, usesPkce() ? codeChallenge : null);
    }

    @Override
    public PlainCredentials refresh(PlainCredentials current, Instant issuedAt) {
        return client.refresh(current, clock.instant());
    }

    /** Verifying refreshes first where the platform no longer takes the access token ({@link OAuth2Client#verify}). */
    @Override
    public Optional<PlainCredentials> verify(PlainCredentials current) {
        return client.verify(profileUrl(), current, clock.instant());
    }
}
