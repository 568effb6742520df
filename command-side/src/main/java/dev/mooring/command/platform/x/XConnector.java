package dev.mooring.command.platform.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.TokenResponse;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * X: PKCE S256 is required, the token endpoint takes HTTP Basic client credentials, the access
 * token lives 2 hours and the refresh token rotates. The stable id is {@code data.id} of
 * {@code /2/users/me}.
 */
@Component
class XConnector implements OAuthConnector, CredentialsKeeper {

    private final XProperties properties;
    private final OAuth2Client client;
    private final Clock clock;

    XConnector(XProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.client = new OAuth2Client(Platform.X, new OAuth2Settings(properties.clientId(), properties.clientSecret(),
                properties.authorizeUrl(), properties.tokenUrl(), properties.scopes(), " ",
                ClientAuthentication.BASIC, true), UpstreamHttp.client(), clock);
    }

    @Override
    public Platform platform() {
        return Platform.X;
    }

    @Override
    public boolean enabled() {
        return client.settings().configured();
    }

    @Override
    public boolean usesPkce() {
        return true;
    }

    @Override
    public URI authorizationUrl(String state, URI redirectUri, String codeChallenge) {
        return client.authorizationUrl(state, redirectUri, codeChallenge);
    }

    @Override
    public UpstreamAccount connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        TokenResponse token = client.exchangeCode(code, redirectUri, codeVerifier);
        URI me = UriComponentsBuilder.fromUri(properties.apiUrl()).path("/2/users/me")
                .queryParam("user.fields", "profile_image_url,username,name").build().toUri();
        JsonNode user = client.getJson(me, token.accessToken(), Phase.CONNECT).path("data");
        return new UpstreamAccount(user.path("id").asText(),
                new AccountProfile(user.path("name").asText(null), user.path("username").asText(null),
                        user.path("profile_image_url").asText(null)),
                token.credentials(clock.instant()), AccountExtensions.NONE);
    }

    @Override
    public PlainCredentials refresh(PlainCredentials current, Instant issuedAt) {
        return client.refresh(current, clock.instant());
    }

    @Override
    public Optional<PlainCredentials> verify(PlainCredentials current) {
        client.check(UriComponentsBuilder.fromUri(properties.apiUrl()).path("/2/users/me").build().toUri(), current);
        return Optional.empty();
    }
}
