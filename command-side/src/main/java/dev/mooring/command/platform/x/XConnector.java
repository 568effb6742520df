package dev.mooring.command.platform.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.OAuth2Connector;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.TokenResponse;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.UpstreamRevocation;
import dev.mooring.command.vault.PlainCredentials;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Clock;

/**
 * X: PKCE S256 is required, the token endpoint takes HTTP Basic client credentials, the access
 * token lives 2 hours and the refresh token rotates. The stable id is {@code data.id} of
 * {@code /2/users/me}.
 */
@Component
class XConnector extends OAuth2Connector {

    private final XProperties properties;

    XConnector(XProperties properties, Clock clock) {
        super(Platform.X, new OAuth2Client(Platform.X, new OAuth2Settings(properties.clientId(), properties.clientSecret(),
                properties.authorizeUrl(), properties.tokenUrl(), properties.scopes(), " ",
                ClientAuthentication.BASIC, true), UpstreamHttp.client(), XGrantErrors.DIALECT, clock), clock);
        this.properties = properties;
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


    /** RFC 7009 at {@code /2/oauth2/revoke}: the refresh token where there is one, which ends the whole grant. */
    @Override
    public UpstreamRevocation revoke(PlainCredentials current) {
        requireEnabled();
        if (current.refreshToken() != null) {
            client.revoke(properties.revokeUrl(), current.refreshToken(), "refresh_token");
        } else {
            client.revoke(properties.revokeUrl(), current.accessToken(), "access_token");
        }
        return UpstreamRevocation.REVOKED;
    }

    @Override
    protected URI profileUrl() {
        return UriComponentsBuilder.fromUri(properties.apiUrl()).path("/2/users/me").build().toUri();
    }
}
