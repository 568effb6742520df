package dev.mooring.command.platform.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.TokenTooYoung;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.QueryUrl;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The token life Instagram Login and Threads share. The code buys a 1-hour token (form POST),
 * which is exchanged at once for a 60-day one ({@code ig_exchange_token} / {@code th_exchange_token},
 * a GET with the client secret in the query). That token refreshes itself
 * ({@code ig_refresh_token} / {@code th_refresh_token}) into a new 60-day token, but only once it
 * is 24 hours old. There is no refresh token: the access token is what is kept, and replaced on
 * every refresh. A versioned {@code /me} says who the user is at connect, and is the cheap call
 * that verifies the token later.
 */
public abstract class LongLivedTokenConnector extends GraphConnector {

    /** Both platforms refuse to refresh a younger token. */
    private static final Duration MINIMUM_AGE = Duration.ofHours(24);

    /**
     * What tells one surface from the other.
     *
     * @param apiUrl        the Graph host: {@code /access_token} and {@code /refresh_access_token}
     *                      unversioned, {@code /<version>/me} versioned
     * @param exchangeGrant the grant type that buys a 60-day token
     * @param refreshGrant  the grant type that renews it
     * @param profile       which {@code /me} fields hold what
     */
    public record Surface(Platform platform, OAuth2Settings settings, URI apiUrl, String graphVersion,
                          String exchangeGrant, String refreshGrant, ProfileFields profile) {
    }

    /** The {@code /me} fields to ask for, and which of them is the stable id and the picture. */
    public record ProfileFields(String requested, String id, String picture) {
    }

    private final Surface surface;
    private final URI profileUrl;
    private final Clock clock;

    protected LongLivedTokenConnector(Surface surface, Clock clock) {
        super(surface.platform(), surface.settings(), clock);
        this.surface = surface;
        this.profileUrl = UriComponentsBuilder.fromUri(surface.apiUrl())
                .pathSegment(surface.graphVersion(), "me")
                .queryParam("fields", surface.profile().requested())
                .build().toUri();
        this.clock = clock;
    }

    @Override
    public UpstreamAccount connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        String shortLived = client.exchangeCode(code, redirectUri, null).accessToken();
        URI exchange = QueryUrl.of(graph("access_token"), Map.of(
                "grant_type", surface.exchangeGrant(),
                "client_secret", client.settings().clientSecret(),
                "access_token", shortLived));
        PlainCredentials credentials = client.token(client.getJson(exchange, Phase.CONNECT)).credentials(clock.instant());
        JsonNode me = client.getJson(profileUrl, credentials.accessToken(), Phase.CONNECT);
        String id = me.path(surface.profile().id()).asText("");
        if (id.isBlank()) {
            throw PlatformFailure.rejected(platform(), "no_" + surface.profile().id(),
                    platform().wireName() + " answered /me without " + surface.profile().id());
        }
        String username = me.path("username").asText(null);
        return new UpstreamAccount(id,
                new AccountProfile(me.path("name").asText(username), username, me.path(surface.profile().picture()).asText(null)),
                credentials, AccountExtensions.NONE);
    }

    /** A new 60-day token for one at least {@link #MINIMUM_AGE} old; a younger one is not sent upstream. */
    @Override
    public PlainCredentials refresh(PlainCredentials current, Instant issuedAt) {
        Instant refreshableAt = issuedAt.plus(MINIMUM_AGE);
        Instant now = clock.instant();
        if (now.isBefore(refreshableAt)) {
            throw new TokenTooYoung(platform().wireName() + " refreshes only tokens at least 24 hours old", refreshableAt);
        }
        URI refresh = QueryUrl.of(graph("refresh_access_token"), Map.of(
                "grant_type", surface.refreshGrant(),
                "access_token", current.accessToken()));
        return client.token(client.getJson(refresh, Phase.STORED)).renewing(current, now);
    }

    @Override
    public Optional<PlainCredentials> verify(PlainCredentials current) {
        return client.verify(profileUrl, current, clock.instant());
    }

    private URI graph(String path) {
        return UriComponentsBuilder.fromUri(surface.apiUrl()).pathSegment(path).build().toUri();
    }
}
