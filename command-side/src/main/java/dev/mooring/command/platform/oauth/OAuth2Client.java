package dev.mooring.command.platform.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.RetryAfter;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OAuth 2 mechanics every platform shares (authorize URL, code exchange, refresh, bearer
 * calls), with each failure classified in {@link #classify}: first by the platform's
 * {@link ErrorDialect}, which holds that platform's list of answers that mean a dead grant.
 */
public final class OAuth2Client {

    /**
     * Whose credentials a call risks: none yet (connecting), an account's stored access token, an
     * account's refresh token at the token endpoint, or the app's own (a refusal says nothing about
     * any account).
     */
    public enum Phase { CONNECT, STORED, REFRESH, APP }

    /** RFC 6749 5.2: the grant (a code or refresh token) is invalid, expired or revoked. */
    private static final String INVALID_GRANT = "invalid_grant";
    /** RFC 6749 5.2: the client's own authentication failed. */
    private static final Set<String> CLIENT_REFUSED = Set.of("invalid_client", "unauthorized_client");

    private static final ObjectMapper JSON = new ObjectMapper();
    // X says when its window resets only this way; other platforms send Retry-After or nothing
    private static final String X_RATE_LIMIT_RESET = "x-rate-limit-reset";

    private final Platform platform;
    private final OAuth2Settings settings;
    private final RestClient http;
    private final ErrorDialect dialect;
    private final Clock clock;
    private final Map<String, String> tokenParameters;

    public OAuth2Client(Platform platform, OAuth2Settings settings, RestClient http, Clock clock) {
        this(platform, settings, http, ErrorDialect.HTTP_STATUS, clock);
    }

    public OAuth2Client(Platform platform, OAuth2Settings settings, RestClient http, ErrorDialect dialect, Clock clock) {
        this(platform, settings, http, dialect, clock, Map.of());
    }

    private OAuth2Client(Platform platform, OAuth2Settings settings, RestClient http, ErrorDialect dialect, Clock clock,
                         Map<String, String> tokenParameters) {
        this.platform = platform;
        this.settings = settings;
        this.http = http;
        this.dialect = dialect;
        this.clock = clock;
        this.tokenParameters = Map.copyOf(tokenParameters);
    }

    /** This client, also sending these platform parameters with every token request (code exchange and refresh). */
    public OAuth2Client withTokenParameters(Map<String, String> parameters) {
        return new OAuth2Client(platform, settings, http, dialect, clock, parameters);
    }

    public OAuth2Settings settings() {
        return settings;
    }

    public URI authorizationUrl(String state, URI redirectUri, String codeChallenge) {
        UriComponentsBuilder url = UriComponentsBuilder.fromUri(settings.authorizeUrl())
                .queryParam("response_type", "code")
                .queryParam("client_id", settings.clientId())
                .queryParam("redirect_uri", redirectUri)
                .queryParam("scope", String.join(settings.scopeSeparator(), settings.scopes()))
                .queryParam("state", state);
        if (codeChallenge != null) {
            url.queryParam("code_challenge", codeChallenge).queryParam("code_challenge_method", "S256");
        }
        return url.encode(StandardCharsets.UTF_8).build().toUri();
    }

    public TokenResponse exchangeCode(String code, URI redirectUri, String codeVerifier) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", redirectUri.toString());
        if (codeVerifier != null) {
            form.add("code_verifier", codeVerifier);
        }
        return token(form, Phase.CONNECT);
    }

    /** Refreshes stored credentials with the refresh-token grant. */
    public PlainCredentials refresh(PlainCredentials current, Instant now) {
        if (current.refreshToken() == null) {
            // our own precondition, not the platform's word: nothing is sent and nothing revoked
            throw PlatformFailure.rejected(platform, "no_refresh_token",
                    platform.wireName() + " gave this account no refresh token: it is renewed by connecting it again");
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", current.refreshToken());
        return token(form, Phase.REFRESH).renewing(current, now);
    }

    /**
     * RFC 7009: asks the platform to revoke a token and, with it, the grant it belongs to. The client
     * authenticates as at the token endpoint; an answer that is not 2xx is a failure like any other.
     */
    public void revoke(URI revokeUrl, String token, String tokenTypeHint) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("token", token);
        if (tokenTypeHint != null) {
            form.add("token_type_hint", tokenTypeHint);
        }
        post(revokeUrl, form, Phase.APP);
    }

    /**
     * Checks stored credentials with a cheap authenticated call. A refused access token is not yet a
     * dead grant: where a refresh token is held the answer is a refresh (the renewed credentials to
     * store), and only the platform's refusal of that refresh token fails as {@link Kind#AUTH_FAILED}.
     */
    public Optional<PlainCredentials> verify(URI url, PlainCredentials current, Instant now) {
        try {
            getJson(url, current.accessToken(), Phase.STORED);
            return Optional.empty();
        } catch (PlatformFailure failure) {
            if (failure.kind() != Kind.AUTH_FAILED || current.refreshToken() == null) {
                throw failure;
            }
            return Optional.of(refresh(current, now));
        }
    }

    /** A GET with the user's bearer token, answering the JSON body. */
    public JsonNode getJson(URI url, String accessToken, Phase phase) {
        return call(phase, http.get().uri(url).headers(h -> h.setBearerAuth(accessToken)).accept(MediaType.APPLICATION_JSON));
    }

    /** A GET whose query carries its own credentials (Meta's token exchanges), answering the JSON body. */
    public JsonNode getJson(URI url, Phase phase) {
        return call(phase, http.get().uri(url).accept(MediaType.APPLICATION_JSON));
    }

    /** The token answer's body as the token, unwrapped where it comes as a one-element {@code data} array. */
    public TokenResponse token(JsonNode body) {
        // Instagram Login has answered both {access_token,...} and {data:[{access_token,...}]}
        JsonNode answer = !body.has("access_token") && body.path("data").isArray() ? body.path("data").path(0) : body;
        TokenResponse token = JSON.convertValue(answer, TokenResponse.class);
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw PlatformFailure.rejected(platform, "no_access_token", platform.wireName() + " answered without an access token");
        }
        return token;
    }

    private TokenResponse token(MultiValueMap<String, String> form, Phase phase) {
        tokenParameters.forEach(form::add);
        return token(post(settings.tokenUrl(), form, phase));
    }

    /** A form POST (or, for platforms that take every parameter in the query, a GET) with the client's credentials. */
    private JsonNode post(URI url, MultiValueMap<String, String> form, Phase phase) {
        if (settings.clientAuthentication() != ClientAuthentication.BASIC) {
            form.add("client_id", settings.clientId());
            form.add("client_secret", settings.clientSecret());
        }
        if (settings.clientAuthentication() == ClientAuthentication.QUERY) {
            return getJson(QueryUrl.of(url, form.toSingleValueMap()), phase);
        }
        return call(phase, http.post().uri(url)
                .headers(h -> {
                    if (settings.clientAuthentication() == ClientAuthentication.BASIC) {
                        // RFC 6749 2.3.1: each part form-urlencoded first; strict servers decode them
                        h.setBasicAuth(URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8),
                                URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(form));
    }

    private JsonNode call(Phase phase, RestClient.RequestHeadersSpec<?> request) {
        try {
            return request.exchange((req, response) -> {
                HttpStatusCode status = response.getStatusCode();
                String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (status.is2xxSuccessful()) {
                    return JSON.readTree(body.isBlank() ? "{}" : body);
                }
                throw classify(phase, status.value(), body, response.getHeaders());
            });
        } catch (ResourceAccessException e) {
            throw new PlatformFailure(Kind.UNAVAILABLE, platform, "network",
                    platform.wireName() + " could not be reached (" + e.getMostSpecificCause().getClass().getSimpleName() + ")", null);
        }
    }

    /**
     * The one place an answer becomes a kind. The platform's dialect speaks first; then RFC 6749 for
     * the token endpoint and the HTTP status for the rest. Only a refusal of the refresh grant
     * ({@code invalid_grant}) or of a stored access token (401) says the account's grant is dead;
     * a refusal of the client's own credentials is the operator's, and anything unrecognised at the
     * token endpoint is treated as passing, never as a death.
     */
    private PlatformFailure classify(Phase phase, int status, String body, HttpHeaders headers) throws IOException {
        UpstreamError error = UpstreamError.parse(status, body);
        String message = platform.wireName() + " answered " + status + " (" + error.summary() + ")";
        Kind said = dialect.classify(phase, status, body).orElseGet(() -> byStatus(phase, status, error));
        return new PlatformFailure(said, platform, error.name(), message, said == Kind.UNAVAILABLE ? retryAfter(headers) : null);
    }

    private static Kind byStatus(Phase phase, int status, UpstreamError error) {
        if (status == 429 || status >= 500) {
            return Kind.UNAVAILABLE;
        }
        if (CLIENT_REFUSED.contains(error.name()) || (phase == Phase.REFRESH && status == 401)) {
            return Kind.CLIENT_REJECTED;
        }
        return switch (phase) {
            case REFRESH -> INVALID_GRANT.equals(error.name()) ? Kind.AUTH_FAILED : Kind.UNAVAILABLE;
            case STORED -> status == 401 ? Kind.AUTH_FAILED : Kind.REJECTED;
            case APP -> status == 401 ? Kind.CLIENT_REJECTED : Kind.REJECTED;
            case CONNECT -> Kind.REJECTED;
        };
    }

    private Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.from(headers, X_RATE_LIMIT_RESET, clock.instant());
    }
}
