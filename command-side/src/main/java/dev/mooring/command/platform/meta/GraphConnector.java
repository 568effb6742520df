package dev.mooring.command.platform.meta;

import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.kernel.Platform;

import java.net.URI;
import java.time.Clock;

/**
 * What the three Meta surfaces share as connectors: an OAuth 2 client without PKCE that reads
 * failures in the Graph dialect ({@link GraphErrors}), enabled once its app id and secret are set.
 */
public abstract class GraphConnector implements OAuthConnector, CredentialsKeeper {

    private final Platform platform;
    protected final OAuth2Client client;

    protected GraphConnector(Platform platform, OAuth2Settings settings, Clock clock) {
        this.platform = platform;
        this.client = new OAuth2Client(platform, settings, UpstreamHttp.client(), GraphErrors.INSTANCE, clock);
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public boolean enabled() {
        return client.settings().configured();
    }

    @Override
    public boolean usesPkce() {
        return false;
    }

    @Override
    public URI authorizationUrl(String state, URI redirectUri, String codeChallenge) {
        return client.authorizationUrl(state, redirectUri, null);
    }
}
