package dev.mooring.api.platform;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The OAuth 2 authorization-code rules a platform enforces, parameterized by what each platform
 * demands (client id, exact redirect URI, scope set and separator, PKCE required or refused, HTTP
 * Basic or form client credentials, code lifetime). Who signs in and whether they consent is
 * arranged by the test per state, as a signed-in browser session would decide it. Platform
 * subclasses add their own answers: token JSON, profile shapes and error bodies.
 *
 * @param <U> the platform's user
 */
public abstract class TestOAuthServer<U> extends TestHttpServer {

    /** Every secret a test server makes up starts with this, so a canary test can search for leaks. */
    public static final String CANARY = "canary-";

    private static final Pattern PKCE_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public enum Pkce { REQUIRED, REFUSED }

    public enum ClientAuthentication { BASIC, FORM }

    /** What the platform demands of an authorization-code client. */
    public record Rules(String clientId, String clientSecret, List<String> scopes, String scopeSeparator,
                           Pkce pkce, ClientAuthentication clientAuthentication, Duration codeLifetime) {
    }

    /** Tokens issued for one code. */
    public record Issued(String accessToken, String refreshToken) {
        @Override
        public String toString() {
            return "Issued[tokens redacted]";
        }
    }

    private record Grant<U>(U user, String redirectUri, String codeChallenge, Instant issuedAt) {
    }

    private final String authorizePath;
    private final String tokenPath;
    private final Rules rules;
    private final Supplier<String> registeredRedirectUri;
    private final Map<String, Optional<U>> consents = new ConcurrentHashMap<>();
    private final Map<String, Grant<U>> codes = new ConcurrentHashMap<>();
    private final Map<String, U> accessTokens = new ConcurrentHashMap<>();
    private final List<Map.Entry<U, String>> issued = new CopyOnWriteArrayList<>();
    private final AtomicLong serial = new AtomicLong();
    private volatile Duration clockAhead = Duration.ZERO;

    /**
     * @param name                  the platform's wire name, as in {@code mooring.<name>.*}
     * @param registeredRedirectUri the one redirect URI registered for the client; a supplier, since
     *                              Mooring's port is known only once it listens
     */
    protected TestOAuthServer(String name, String authorizePath, String tokenPath, Rules rules,
                              Supplier<String> registeredRedirectUri) {
        super(name);
        this.authorizePath = authorizePath;
        this.tokenPath = tokenPath;
        this.rules = rules;
        this.registeredRedirectUri = registeredRedirectUri;
        route("GET", authorizePath, this::authorize);
        route("POST", tokenPath, this::token);
    }

    public String clientId() {
        return rules.clientId();
    }

    public String clientSecret() {
        return rules.clientSecret();
    }

    /** The settings that point Mooring's connector for this platform at this server. */
    public Map<String, String> mooringSettings() {
        String prefix = "mooring." + name() + ".";
        return Map.of(
                prefix + "client-id", rules.clientId(),
                prefix + "client-secret", rules.clientSecret(),
                prefix + "authorize-url", url(authorizePath).toString(),
                prefix + "token-url", url(tokenPath).toString(),
                prefix + "api-url", url("").toString());
    }

    /** The user signed in at the platform for this connect, who allows it. */
    public void approves(String state, U user) {
        consents.put(state, Optional.of(user));
    }

    /** The user at the platform for this connect refuses consent. */
    public void denies(String state) {
        consents.put(state, Optional.empty());
    }

    /** Moves the platform's clock on, to age the codes it issued. */
    public void advanceClock(Duration by) {
        clockAhead = clockAhead.plus(by);
    }

    /** Access tokens issued to this user, oldest first. */
    public List<String> accessTokensIssuedTo(U user) {
        return issued.stream().filter(entry -> entry.getKey().equals(user)).map(Map.Entry::getValue).toList();
    }

    @Override
    public void reset() {
        super.reset();
        consents.clear();
        clockAhead = Duration.ZERO;
    }

    /** The query parameters the platform adds to the redirect when the user refuses; RFC 6749's by default. */
    protected Map<String, String> denial() {
        return Map.of("error", "access_denied");
    }

    /** The platform's answer to an unknown, used or expired code. */
    protected abstract PlatformAnswer invalidGrant();

    /** The platform's answer to missing or wrong client credentials. */
    protected abstract PlatformAnswer invalidClient();

    /** The platform's answer to a malformed token request. */
    protected abstract PlatformAnswer invalidRequest();

    /** The platform's token JSON. */
    protected abstract String tokenJson(Issued tokens, List<String> scopes);

    /** Checks beyond RFC 6749 the platform makes on an authorization request. */
    protected List<String> platformChecks(PlatformRequest request) {
        return List.of();
    }

    /** The user an access token was issued to. */
    protected Optional<U> bearerUser(PlatformRequest request) {
        return request.bearer().map(accessTokens::get);
    }

    /** The authorization endpoint: the platform's checks, then the consent the test arranged. */
    private PlatformAnswer authorize(PlatformRequest request) {
        List<String> broken = new ArrayList<>(request.repeatedParameters());
        expect(broken, "response_type", "code", request.query("response_type"));
        expect(broken, "client_id", rules.clientId(), request.query("client_id"));
        expect(broken, "redirect_uri", registeredRedirectUri.get(), request.query("redirect_uri"));
        String scope = request.query("scope");
        if (scope == null || !new HashSet<>(List.of(scope.split(Pattern.quote(rules.scopeSeparator()), -1)))
                .equals(new HashSet<>(rules.scopes()))) {
            broken.add("scope must be " + String.join(rules.scopeSeparator(), rules.scopes())
                    + " (separated by '" + rules.scopeSeparator() + "'), was " + scope);
        }
        String state = request.query("state");
        if (state == null || state.isBlank()) {
            broken.add("state is required");
        }
        String challenge = request.query("code_challenge");
        if (rules.pkce() == Pkce.REQUIRED && (challenge == null || !PKCE_CHALLENGE.matcher(challenge).matches()
                || !"S256".equals(request.query("code_challenge_method")))) {
            broken.add("PKCE is required: code_challenge (base64url SHA-256) with code_challenge_method=S256");
        }
        if (rules.pkce() == Pkce.REFUSED && (challenge != null || request.query("code_challenge_method") != null)) {
            broken.add("PKCE must not be sent to this platform");
        }
        broken.addAll(platformChecks(request));
        if (!broken.isEmpty()) {
            // a platform never redirects to an unverified redirect_uri: it shows an error page
            return refuse(broken, PlatformAnswer.text(400, "invalid authorization request"));
        }
        Optional<U> consent = consents.remove(state);
        if (consent == null) {
            return refuse(List.of("the test arranged no consent for this state"), PlatformAnswer.text(400, "no user"));
        }
        Map<String, String> back = new LinkedHashMap<>();
        if (consent.isEmpty()) {
            back.putAll(denial());
        } else {
            String code = CANARY + name() + "-code-" + serial.incrementAndGet();
            codes.put(code, new Grant<>(consent.get(), registeredRedirectUri.get(), challenge, now()));
            back.put("code", code);
        }
        back.put("state", state);
        return PlatformAnswer.redirect(withQuery(registeredRedirectUri.get(), back));
    }

    /** The token endpoint's authorization-code grant. */
    private PlatformAnswer token(PlatformRequest request) {
        List<String> broken = new ArrayList<>(request.repeatedParameters());
        if (!request.formEncoded()) {
            broken.add("the token request must be application/x-www-form-urlencoded");
        }
        expect(broken, "grant_type", "authorization_code", request.form("grant_type"));
        if (request.form("code") == null) {
            broken.add("code is required");
        }
        expect(broken, "redirect_uri", registeredRedirectUri.get(), request.form("redirect_uri"));
        String verifier = request.form("code_verifier");
        if (rules.pkce() == Pkce.REQUIRED && verifier == null) {
            broken.add("code_verifier is required");
        }
        if (rules.pkce() == Pkce.REFUSED && verifier != null) {
            broken.add("code_verifier must not be sent to this platform");
        }
        if (!broken.isEmpty()) {
            return refuse(broken, invalidRequest());
        }
        List<String> client = clientAuthenticationProblems(request);
        if (!client.isEmpty()) {
            return refuse(client, invalidClient());
        }
        Grant<U> grant = codes.remove(request.form("code"));
        if (grant == null || now().isAfter(grant.issuedAt().plus(rules.codeLifetime()))) {
            return invalidGrant(); // what the platform says to a stale, used or made-up code; no client fault
        }
        if (rules.pkce() == Pkce.REQUIRED && !s256(verifier).equals(grant.codeChallenge())) {
            return refuse(List.of("code_verifier does not match the code_challenge"), invalidGrant());
        }
        Issued tokens = new Issued(CANARY + name() + "-access-" + serial.incrementAndGet(),
                CANARY + name() + "-refresh-" + serial.incrementAndGet());
        accessTokens.put(tokens.accessToken(), grant.user());
        issued.add(Map.entry(grant.user(), tokens.accessToken()));
        return PlatformAnswer.json(200, tokenJson(tokens, rules.scopes()))
                .withHeader("Cache-Control", "no-store");
    }

    private List<String> clientAuthenticationProblems(PlatformRequest request) {
        List<String> broken = new ArrayList<>();
        if (rules.clientAuthentication() == ClientAuthentication.BASIC) {
            var basic = request.basic();
            if (basic.isEmpty() || !basic.get().id().equals(rules.clientId())
                    || !basic.get().secret().equals(rules.clientSecret())) {
                broken.add("HTTP Basic client_id:client_secret (each form-urlencoded, RFC 6749 2.3.1) is required");
            }
            if (request.form("client_secret") != null) {
                broken.add("the client secret must not also be in the body");
            }
        } else {
            expect(broken, "client_id (form)", rules.clientId(), request.form("client_id"));
            if (!rules.clientSecret().equals(request.form("client_secret"))) {
                broken.add("client_secret must be in the form body");
            }
            if (request.headers().containsKey("Authorization")) {
                broken.add("only one client authentication method may be used; this platform takes the form body");
            }
        }
        return broken;
    }

    protected Instant now() {
        return Instant.now().plus(clockAhead);
    }

    private static void expect(List<String> broken, String name, String expected, String actual) {
        if (!expected.equals(actual)) {
            broken.add(name + " must be " + expected + ", was " + actual);
        }
    }

    private static URI withQuery(String base, Map<String, String> parameters) {
        StringBuilder url = new StringBuilder(base);
        parameters.forEach((name, value) -> url.append(url.indexOf("?") < 0 ? '?' : '&')
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return URI.create(url.toString());
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
