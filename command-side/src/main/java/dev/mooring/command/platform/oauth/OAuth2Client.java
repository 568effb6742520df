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

/**
 * The OAuth 2 mechanics every platform shares (authorize URL, code exchange, refresh, bearer
 * calls), with each failure classified: first by the platform's {@link ErrorDialect}, when its
 * error body says more than the status; otherwise network trouble, 5xx and 429 are
 * {@link Kind#UNAVAILABLE}; a 4xx while connecting is {@link Kind#REJECTED}; a 400/401 on refresh
 * or on a bearer call made with stored credentials is {@link Kind#AUTH_FAILED}.
 */
public final class OAuth2Client {

    /**
     * Whose credentials a call risks: none yet (connecting), an account's stored ones (only then
     * can a refusal mean they are dead), or the app's own (a refusal says nothing about any account).
     */
    public enum Phase { CONNECT, STORED, APP }

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
            throw new PlatformFailure(Kind.AUTH_FAILED, platform, "no_refresh_token",
                    platform.wireName() + " gave this account no refresh token: it must be reconnected", null);
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", current.refreshToken());
        return token(form, Phase.STORED).renewing(current, now);
    }

    /** A cheap authenticated call that fails as {@link Kind#AUTH_FAILED} when the access token is dead. */
    public void check(URI url, PlainCredentials current) {
        getJson(url, current.accessToken(), Phase.STORED);
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
        if (settings.clientAuthentication() != ClientAuthentication.BASIC) {
            form.add("client_id", settings.clientId());
            form.add("client_secret", settings.clientSecret());
        }
        if (settings.clientAuthentication() == ClientAuthentication.QUERY) {
            return token(getJson(QueryUrl.of(settings.tokenUrl(), form.toSingleValueMap()), phase));
        }
        return token(call(phase, http.post().uri(settings.tokenUrl())
                .headers(h -> {
                    if (settings.clientAuthentication() == ClientAuthentication.BASIC) {
                        // RFC 6749 2.3.1: each part form-urlencoded first; strict servers decode them
                        h.setBasicAuth(URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8),
                                URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(form)));
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

    private PlatformFailure classify(Phase phase, int status, String body, HttpHeaders headers) throws IOException {
        UpstreamError error = UpstreamError.parse(status, body);
        String message = platform.wireName() + " answered " + status + " (" + error.summary() + ")";
        Kind said = dialect.classify(phase, status, body).orElse(null);
        if (said != null) {
            return new PlatformFailure(said, platform, error.name(), message,
                    said == Kind.UNAVAILABLE ? retryAfter(headers) : null);
        }
        if (status == 429 || status >= 500) {
            return new PlatformFailure(Kind.UNAVAILABLE, platform, error.name(), message, retryAfter(headers));
        }
        if (phase == Phase.STORED && (status == 400 || status == 401)) {
            return new PlatformFailure(Kind.AUTH_FAILED, platform, error.name(), message, null);
        }
        return new PlatformFailure(Kind.REJECTED, platform, error.name(), message, null);
    }

    private Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.from(headers, X_RATE_LIMIT_RESET, clock.instant());
    }
}
