package dev.mooring.command.platform.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.PlatformFailure;
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
import java.time.Duration;

/**
 * LinkedIn: no PKCE for web apps, the client secret goes in the form body, and ordinary apps get
 * no refresh token: the 60-day {@code expires_in} is recorded so the lifecycle can warn ahead of it.
 * The stable id is {@code sub}, from the {@code id_token} (or {@code /v2/userinfo} without one);
 * LinkedIn exposes no handle.
 */
@Component
class LinkedInConnector extends OAuth2Connector {

    private static final String REVOKED_ACCESS_TOKEN = "REVOKED_ACCESS_TOKEN";
    private static final Duration FRESH_TOKEN_PAUSE = Duration.ofSeconds(2);

    private final LinkedInProperties properties;

    LinkedInConnector(LinkedInProperties properties, Clock clock) {
        super(Platform.LINKEDIN, new OAuth2Client(Platform.LINKEDIN, new OAuth2Settings(properties.clientId(),
                properties.clientSecret(), properties.authorizeUrl(), properties.tokenUrl(), properties.scopes(), " ",
                ClientAuthentication.FORM, false), UpstreamHttp.client(), LinkedInGrantErrors.DIALECT, clock), clock);
        this.properties = properties;
    }

    /**
     * The member from the {@code id_token} that comes with the {@code openid} scope; only without
     * one does the connect ask {@code /v2/userinfo}, which a brand-new token may briefly be refused at.
     */
    @Override
    public UpstreamAccount connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        TokenResponse token = client.exchangeCode(code, redirectUri, null);
        IdToken member = IdToken.read(token.idToken(), properties.clientId()).orElseGet(() -> {
            JsonNode userinfo = userinfo(token.accessToken());
            return new IdToken(userinfo.path("sub").asText(), userinfo.path("name").asText(null),
                    userinfo.path("picture").asText(null));
        });
        return new UpstreamAccount(member.sub(), new AccountProfile(member.name(), null, member.picture()),
                token.credentials(clock.instant()), AccountExtensions.NONE);
    }


    /** {@code /oauth/v2/revoke} with the access token, the client's id and secret in the form. */
    @Override
    public UpstreamRevocation revoke(PlainCredentials current) {
        requireEnabled();
        client.revoke(properties.revokeUrl(), current.accessToken(), null);
        return UpstreamRevocation.REVOKED;
    }

    @Override
    protected URI profileUrl() {
        return userinfoUrl();
    }

    /**
     * LinkedIn reportedly answers a brand-new token with 65601 {@code REVOKED_ACCESS_TOKEN} for a few
     * seconds (platforms.md, trap 11), so that answer gets one more try after a pause; any other
     * failure, or a second 65601, ends the connect.
     */
    private JsonNode userinfo(String accessToken) {
        try {
            return client.getJson(userinfoUrl(), accessToken, Phase.CONNECT);
        } catch (PlatformFailure failure) {
            if (!REVOKED_ACCESS_TOKEN.equals(failure.upstreamError())) {
                throw failure;
            }
        }
        try {
            Thread.sleep(FRESH_TOKEN_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformFailure(PlatformFailure.Kind.UNAVAILABLE, Platform.LINKEDIN, "interrupted",
                    "interrupted while waiting for LinkedIn to accept a fresh token", null);
        }
        return client.getJson(userinfoUrl(), accessToken, Phase.CONNECT);
    }

    private URI userinfoUrl() {
        return UriComponentsBuilder.fromUri(properties.apiUrl()).path("/v2/userinfo").build().toUri();
    }
}
