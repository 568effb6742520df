package dev.mooring.command.platform.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.TokenResponse;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.List;

/** Connects accounts of the built-in sandbox platform, over HTTP, exactly as for a real one. */
@Component
class SandboxConnector implements OAuthConnector, CredentialsKeeper {

    private final SandboxProperties properties;
    private final PublicBaseUrl publicUrl;
    private final Clock clock;
    private final RestClient http = UpstreamHttp.client();

    SandboxConnector(SandboxProperties properties, PublicBaseUrl publicUrl, Clock clock) {
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public Platform platform() {
        return Platform.SANDBOX;
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    @Override
    public List<String> enablingSettings() {
        return List.of("MOORING_SANDBOX_ENABLED");
    }

    @Override
    public boolean usesPkce() {
        return true;
    }

    @Override
    public URI authorizationUrl(String state, URI redirectUri, String codeChallenge) {
        return client().authorizationUrl(state, redirectUri, codeChallenge);
    }

    @Override
    public UpstreamAccount connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        OAuth2Client client = client();
        TokenResponse token = client.exchangeCode(code, redirectUri, codeVerifier);
        JsonNode me = client.getJson(endpoint("/api/me"), token.accessToken(), Phase.CONNECT);
        return new UpstreamAccount(me.path("id").asText(),
                new AccountProfile(me.path("name").asText(null), me.path("username").asText(null),
                        me.path("avatarUrl").asText(null)),
                token.credentials(clock.instant()), AccountExtensions.NONE);
    }

    // built per call: the default base URL follows this instance's port, known only once it listens
    private OAuth2Client client() {
        return new OAuth2Client(Platform.SANDBOX, new OAuth2Settings(properties.clientId(), properties.clientSecret(),
                endpoint("/oauth/authorize"), endpoint("/oauth/token"), List.of("profile", "offline"), " ",
                ClientAuthentication.BASIC, true), http, clock);
    }

    private URI endpoint(String path) {
        String base = properties.url() != null ? properties.url().toString() : publicUrl.get() + "/sandbox";
        return URI.create(base.replaceAll("/+$", "") + path);
    }

    @Override
    public PlainCredentials refresh(PlainCredentials current, Instant issuedAt) {
        return client().refresh(current, clock.instant());
    }

    @Override
    public Optional<PlainCredentials> verify(PlainCredentials current) {
        return client().verify(endpoint("/api/me"), current, clock.instant());
    }

    /** RFC 7009 at the sandbox's {@code /oauth/revoke}: the refresh token ends the whole grant. */
    @Override
    public UpstreamRevocation revoke(PlainCredentials current) {
        client().revoke(endpoint("/oauth/revoke"), current.refreshToken() != null ? current.refreshToken()
                : current.accessToken(), current.refreshToken() != null ? "refresh_token" : "access_token");
        return UpstreamRevocation.REVOKED;
    }
}
