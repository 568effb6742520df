package dev.mooring.api.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the three Meta test servers share: an app (client id and secret), an authorize page that
 * checks what Mooring sent and, standing in for the user's consent, sends the browser back with a
 * single-use code, Graph's answer shapes (its error object for anything unknown too), and the clock
 * their token ages are read from (the one Mooring reads too).
 *
 * @param <U> the server's user
 */
public abstract class MetaTestServer<U> extends TestHttpServer {

    /** Every secret a Meta test server hands out contains this, so a test can assert none leaks. */
    public static final String SECRET_MARKER = "graph-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final String platform;
    private final Clock clock;
    private final Supplier<String> mooringUrl;
    private final Map<String, U> loginsByState = new ConcurrentHashMap<>();
    private final AtomicReference<U> nextLogin = new AtomicReference<>();
    private final Map<String, Grant<U>> codes = new ConcurrentHashMap<>();

    private record Grant<U>(U user, String redirectUri) {
    }

    protected MetaTestServer(String platform, String clientId, String clientSecret, String scope, Clock clock) {
        this(platform, clientId, clientSecret, scope, clock, MetaTestServers::mooringUrl);
    }

    /** {@code mooringUrl}: where the Mooring this server's app redirects to listens, for a server of its own. */
    protected MetaTestServer(String platform, String clientId, String clientSecret, String scope, Clock clock,
                             Supplier<String> mooringUrl) {
        super(platform);
        fallback(request -> graphError(400, 100, 33, "Unsupported " + request.method() + " request to " + request.path()));
        this.mooringUrl = mooringUrl;
        this.platform = platform;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clock = clock;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    protected Clock clock() {
        return clock;
    }

    /** The user who consents on the authorize page of the connect started with {@code state}. */
    public void willLogIn(String state, U user) {
        loginsByState.put(state, user);
    }

    /**
     * The user who consents on the next authorize page whose state no one named: for a connect a
     * real browser starts, whose state the test never sees.
     */
    public void willLogInNext(U user) {
        nextLogin.set(user);
    }

    /**
     * The authorize page: checks client id, redirect URI, response type and scope as the platform
     * does, then redirects back with a code and the state ({@code fragment} appended, e.g. {@code #_}).
     */
    protected PlatformAnswer authorize(PlatformRequest request, String fragment) {
        String redirectUri = request.param("redirect_uri");
        if (!clientId.equals(request.param("client_id"))) {
            return page(400, "Invalid app ID");
        }
        if (!expectedRedirectUri().equals(redirectUri)) {
            return page(400, "URL blocked: redirect_uri is not whitelisted: " + redirectUri);
        }
        if (!"code".equals(request.param("response_type")) || !scope.equals(request.param("scope"))) {
            return page(400, "Invalid response_type or scope: " + request.param("scope"));
        }
        U user = request.param("state") == null ? null : loginsByState.remove(request.param("state"));
        if (user == null && request.param("state") != null) {
            user = nextLogin.getAndSet(null);
        }
        if (user == null) {
            return page(400, "no test user was told to log in for this state");
        }
        String code = issue(platform + "-code");
        codes.put(code, new Grant<>(user, redirectUri));
        return redirect(redirectUri + "?state=" + request.param("state") + "&code=" + code + fragment);
    }

    /**
     * The user behind a code, once: the code must be unused and come with the redirect URI it was
     * issued for, and the client must authenticate with the app secret. Answers null when not.
     */
    protected U redeem(PlatformRequest request) {
        Grant<U> grant = codes.remove(Objects.requireNonNullElse(request.param("code"), ""));
        boolean client = clientId.equals(request.param("client_id")) && clientSecret.equals(request.param("client_secret"));
        return grant != null && client && grant.redirectUri().equals(request.param("redirect_uri")) ? grant.user() : null;
    }

    /** A fresh secret of the given kind, unmistakable in any output. */
    protected static String issue(String kind) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return kind + "-" + SECRET_MARKER + "-" + HexFormat.of().formatHex(bytes);
    }

    protected static PlatformAnswer json(int status, Object body) {
        try {
            return PlatformAnswer.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static PlatformAnswer redirect(String location) {
        return new PlatformAnswer(302, Map.of("Content-Type", "text/plain", "Location", location), "", false);
    }

    /** Authorize pages answer a broken request on the page itself and never redirect it. */
    protected static PlatformAnswer page(int status, String text) {
        return new PlatformAnswer(status, Map.of("Content-Type", "text/html"), "<p>" + text + "</p>", false);
    }

    /** {@code {"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}}, as every Graph surface answers. */
    protected static PlatformAnswer graphError(int status, int code, Integer subcode, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", code == 190 ? "OAuthException" : "GraphMethodException");
        error.put("code", code);
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        error.put("fbtrace_id", "trace-" + code);
        return json(status, Map.of("error", error));
    }

    /** Mooring's own complete URL for this platform: the only redirect URI registered with the app. */
    private String expectedRedirectUri() {
        return mooringUrl.get() + "/v1/accounts/connect/" + platform + "/complete";
    }
}
