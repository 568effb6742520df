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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The OAuth 2 rules a platform enforces, parameterized by what each platform demands (client id,
 * exact redirect URI, scope set and separator, PKCE required or refused, HTTP Basic or form client
 * credentials, code lifetime, access token lifetime) and by how it renews ({@link RefreshRules}:
 * rotation, replay, the refresh token's end). Who signs in and whether they consent is arranged by
 * the test per state, as a signed-in browser session would decide it. Tokens belong to a grant (one
 * consent and everything refreshed from it); a revoked or replay-killed grant takes all its tokens
 * with it. Platform subclasses add their own answers: token JSON, profile shapes and error bodies.
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
                           Pkce pkce, ClientAuthentication clientAuthentication, Duration codeLifetime,
                           Duration accessTokenLifetime) {
    }

    /**
     * How the platform's refresh tokens behave.
     *
     * @param rotates              each refresh answers a new refresh token and the presented one dies
     * @param replayKillsGrant     presenting a used refresh token kills the whole grant (X, reported)
     * @param lifetime             how long a refresh token lives; null when undocumented (never ends here)
     * @param lifetimeFromConsent  the lifetime counts from the first consent and no refresh extends it
     *                             (LinkedIn), instead of from each issue (Pinterest's continuous tokens)
     */
    public record RefreshRules(boolean rotates, boolean replayKillsGrant, Duration lifetime, boolean lifetimeFromConsent) {
    }

    /** What one token-endpoint answer issued; {@code refreshToken} null when the platform gave none. */
    public record Issued(String accessToken, Duration accessLifetime, String refreshToken,
                         Instant refreshTokenExpiresAt, boolean byRefresh) {

        /** Seconds from {@code now} to the refresh token's end, or null. */
        public Long refreshTokenExpiresIn(Instant now) {
            // rounded up: the end was set a few milliseconds before the answer is written
            return refreshTokenExpiresAt == null ? null
                    : Math.max(0, (Duration.between(now, refreshTokenExpiresAt).toMillis() + 999) / 1000);
        }

        @Override
        public String toString() {
            return "Issued[tokens redacted]";
        }
    }

    /** A call that arrived at the revoke endpoint; {@code user} null when the token was not one of ours. */
    public record Revocation<U>(String token, String tokenTypeHint, U user) {
        @Override
        public String toString() {
            return "Revocation[" + tokenTypeHint + ", " + user + ", token redacted]";
        }
    }

    private record Code<U>(U user, String redirectUri, String codeChallenge, Instant issuedAt) {
    }

    /** One consent and every token renewed from it. */
    private static final class Grant<U> {
        final U user;
        final Instant consentedAt;
        boolean dead;

        Grant(U user, Instant consentedAt) {
            this.user = user;
            this.consentedAt = consentedAt;
        }
    }

    private record AccessToken<U>(Grant<U> grant, Instant expiresAt) {
    }

    private static final class RefreshToken<U> {
        final Grant<U> grant;
        final Instant expiresAt;
        boolean used;

        RefreshToken(Grant<U> grant, Instant expiresAt) {
            this.grant = grant;
            this.expiresAt = expiresAt;
        }
    }

    private final String authorizePath;
    private final String tokenPath;
    private final Rules rules;
    private final Supplier<String> registeredRedirectUri;
    private final Map<String, Optional<U>> consents = new ConcurrentHashMap<>();
    private final AtomicReference<U> nextApproval = new AtomicReference<>();
    private final Map<String, Code<U>> codes = new ConcurrentHashMap<>();
    // token state below is guarded by this: a refresh, a revoke and a replay are each atomic
    private final Map<String, AccessToken<U>> accessTokens = new HashMap<>();
    private final Map<String, RefreshToken<U>> refreshTokens = new HashMap<>();
    private final Set<String> revokedAccessTokens = new HashSet<>();
    private final List<Map.Entry<U, String>> issued = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<U, String>> issuedRefresh = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> refreshUses = new ConcurrentHashMap<>();
    private final List<Revocation<U>> revocations = new CopyOnWriteArrayList<>();
    private final AtomicLong serial = new AtomicLong();
    private volatile Duration clockAhead = Duration.ZERO;
    private volatile Duration accessTokenLifetime;
    private volatile boolean clientCredentialsRefused;
    private String revokePath;

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
        this.accessTokenLifetime = rules.accessTokenLifetime();
        route("GET", authorizePath, this::authorize);
        route("POST", tokenPath, this::token);
    }

    /**
     * Serves the platform's revoke endpoint (RFC 7009 shaped: form {@code token}, optional
     * {@code token_type_hint}, the client authenticated as at the token endpoint). A revoked token
     * kills its whole grant; every call is kept for {@link #revocations()}.
     */
    protected void revokeEndpoint(String path) {
        this.revokePath = path;
        route("POST", path, this::revoke);
    }

    public String clientId() {
        return rules.clientId();
    }

    public String clientSecret() {
        return rules.clientSecret();
    }

    public String tokenPath() {
        return tokenPath;
    }

    /** The settings that point Mooring's connector for this platform at this server. */
    public Map<String, String> mooringSettings() {
        String prefix = "mooring." + name() + ".";
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                prefix + "client-id", rules.clientId(),
                prefix + "client-secret", rules.clientSecret(),
                prefix + "authorize-url", url(authorizePath).toString(),
                prefix + "token-url", url(tokenPath).toString(),
                prefix + "api-url", url("").toString()));
        if (revokePath != null) {
            settings.put(prefix + "revoke-url", url(revokePath).toString());
        }
        return settings;
    }

    /** The user signed in at the platform for this connect, who allows it. */
    public void approves(String state, U user) {
        consents.put(state, Optional.of(user));
    }

    /**
     * The user consented to another tool, which holds these tokens now: a grant this platform knows,
     * issued outside any connect through Mooring, as an import hands it over.
     */
    public synchronized Issued grantedElsewhere(U user) {
        Grant<U> grant = new Grant<>(user, now());
        Optional<RefreshRules> renewal = refreshRules();
        Instant refreshEnds = renewal.map(rules -> rules.lifetime() == null ? null : grant.consentedAt.plus(rules.lifetime())).orElse(null);
        return issue(grant, renewal.isPresent(), refreshEnds, false);
    }

    /**
     * The user signed in at the platform for the next connect the test arranged nothing for, who
     * allows it: for a connect started in a browser, whose state the test never sees.
     */
    public void approvesNext(U user) {
        nextApproval.set(user);
    }

    /** The user at the platform for this connect refuses consent. */
    public void denies(String state) {
        consents.put(state, Optional.empty());
    }

    /** Moves the platform's clock on, to age the codes it issued. */
    public void advanceClock(Duration by) {
        clockAhead = clockAhead.plus(by);
    }

    /** Access tokens issued from now on live this long (the platform's own lifetime after a reset). */
    public void accessTokensLive(Duration lifetime) {
        accessTokenLifetime = lifetime;
    }

    /**
     * While on, the token and revoke endpoints refuse the app's client credentials as the platform
     * does once the secret was rotated or the app suspended: its client-authentication failure,
     * whatever was sent, and no broken requirement (the client did nothing wrong).
     */
    public void refuseClientCredentials(boolean on) {
        clientCredentialsRefused = on;
    }

    /** The user removes the app at the platform: every grant of theirs dies, access and refresh tokens alike. */
    public synchronized void revokeGrantsOf(U user) {
        accessTokens.values().stream().filter(token -> token.grant().user.equals(user)).forEach(token -> token.grant().dead = true);
    }

    /** The user's access tokens stop working (revoked, say, by a password change); refresh tokens still renew. */
    public synchronized void revokeAccessTokensOf(U user) {
        accessTokens.forEach((token, access) -> {
            if (access.grant().user.equals(user)) {
                revokedAccessTokens.add(token);
            }
        });
    }

    /**
     * The user's access tokens reach the end of their lifetime now, as if their hours had passed:
     * the API refuses them as the platform refuses an expired token; refresh tokens still renew.
     */
    public synchronized void expireAccessTokensOf(U user) {
        Instant now = now();
        accessTokens.replaceAll((token, access) -> access.grant().user.equals(user) && access.expiresAt().isAfter(now)
                ? new AccessToken<>(access.grant(), now) : access);
    }

    /**
     * The tokens a consent of {@code user} and a code exchange would issue, for tests that connect an
     * account without the browser round trip and then call the platform with its token.
     */
    public synchronized Issued grant(U user) {
        Grant<U> grant = new Grant<>(user, now());
        Optional<RefreshRules> renewal = refreshRules();
        Instant refreshEnds = renewal.map(rules -> rules.lifetime() == null ? null : grant.consentedAt.plus(rules.lifetime())).orElse(null);
        return issue(grant, renewal.isPresent(), refreshEnds, false);
    }

    /** Whether the profile endpoint would accept this access token now. */
    public synchronized boolean accepts(String accessToken) {
        return live(accessToken) != null;
    }

    /** Access tokens issued to this user, oldest first. */
    public List<String> accessTokensIssuedTo(U user) {
        return issued.stream().filter(entry -> entry.getKey().equals(user)).map(Map.Entry::getValue).toList();
    }

    /** Refresh tokens issued to this user, oldest first; the last one is the one that must be in use. */
    public List<String> refreshTokensIssuedTo(U user) {
        List<String> tokens = issuedRefresh.stream().filter(entry -> entry.getKey().equals(user)).map(Map.Entry::getValue).toList();
        return tokens.stream().distinct().toList();
    }

    /**
     * How often this refresh token reached the grant check: every refresh request carrying it that
     * the platform looked at (client authenticated, no outage), accepted or not. A request whose
     * answer was lost ({@code answerNext(tokenPath(), PlatformAnswer.hang())}) counts: the platform
     * acted on it.
     */
    public int refreshesWith(String refreshToken) {
        return refreshUses.getOrDefault(refreshToken, 0);
    }

    /** Every refresh request the platform looked at, whatever its token. */
    public int refreshes() {
        return refreshUses.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Refresh tokens presented more than once: with rotation, each of these was a replay. */
    public List<String> refreshTokensPresentedMoreThanOnce() {
        return refreshUses.entrySet().stream().filter(use -> use.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    /** Every call that arrived at the revoke endpoint, oldest first. */
    public List<Revocation<U>> revocations() {
        return List.copyOf(revocations);
    }

    /** The revocations of this user's tokens. */
    public List<Revocation<U>> revocationsOf(U user) {
        return revocations.stream().filter(revocation -> user.equals(revocation.user())).toList();
    }

    @Override
    public void reset() {
        super.reset();
        consents.clear();
        nextApproval.set(null);
        clockAhead = Duration.ZERO;
        accessTokenLifetime = rules.accessTokenLifetime();
        clientCredentialsRefused = false;
        refreshUses.clear();
        revocations.clear();
    }

    /** The query parameters the platform adds to the redirect when the user refuses; RFC 6749's by default. */
    protected Map<String, String> denial() {
        return Map.of("error", "access_denied");
    }

    /** The platform's answer to an unknown, used or expired code. */
    protected abstract PlatformAnswer invalidGrant();

    /** The platform's answer to a refresh token that is unknown, used, expired or of a dead grant. */
    protected PlatformAnswer invalidRefreshToken() {
        return invalidGrant();
    }

    /** How this app's refresh tokens behave; empty when the platform gives this app none. */
    protected abstract Optional<RefreshRules> refreshRules();

    /** The platform's answer to a refresh-token grant from an app that gets no refresh tokens. */
    protected PlatformAnswer refreshNotAllowed() {
        return invalidRequest();
    }

    /** The platform's answer at the revoke endpoint. */
    protected PlatformAnswer revoked() {
        return PlatformAnswer.text(200, "");
    }

    /** Checks beyond RFC 6749 the platform makes on a token request of either grant. */
    protected List<String> tokenRequestChecks(PlatformRequest request) {
        return List.of();
    }

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

    /** The user an access token was issued to, live or not. */
    protected synchronized U userOf(String accessToken) {
        AccessToken<U> access = accessTokens.get(accessToken);
        return access == null ? null : access.grant().user;
    }

    /** The user a live access token was issued to: not expired, not revoked, its grant alive. */
    protected synchronized Optional<U> bearerUser(PlatformRequest request) {
        return request.bearer().map(this::live).map(access -> access.grant().user);
    }

    private AccessToken<U> live(String accessToken) {
        AccessToken<U> access = accessTokens.get(accessToken);
        return access == null || access.grant().dead || revokedAccessTokens.contains(accessToken)
                || !now().isBefore(access.expiresAt()) ? null : access;
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
            U next = nextApproval.getAndSet(null);
            consent = next == null ? null : Optional.of(next);
        }
        if (consent == null) {
            return refuse(List.of("the test arranged no consent for this state"), PlatformAnswer.text(400, "no user"));
        }
        Map<String, String> back = new LinkedHashMap<>();
        if (consent.isEmpty()) {
            back.putAll(denial());
        } else {
            String code = CANARY + name() + "-code-" + serial.incrementAndGet();
            codes.put(code, new Code<>(consent.get(), registeredRedirectUri.get(), challenge, now()));
            back.put("code", code);
        }
        back.put("state", state);
        return PlatformAnswer.redirect(withQuery(registeredRedirectUri.get(), back));
    }

    /** The token endpoint: the authorization-code grant, or the refresh-token grant. */
    private PlatformAnswer token(PlatformRequest request) {
        return "refresh_token".equals(request.form("grant_type")) ? refresh(request) : exchange(request);
    }

    private PlatformAnswer exchange(PlatformRequest request) {
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
        broken.addAll(tokenRequestChecks(request));
        if (!broken.isEmpty()) {
            return refuse(broken, invalidRequest());
        }
        PlatformAnswer client = authenticateClient(request);
        if (client != null) {
            return client;
        }
        Code<U> code = codes.remove(request.form("code"));
        if (code == null || now().isAfter(code.issuedAt().plus(rules.codeLifetime()))) {
            return invalidGrant(); // what the platform says to a stale, used or made-up code; no client fault
        }
        if (rules.pkce() == Pkce.REQUIRED && !s256(verifier).equals(code.codeChallenge())) {
            return refuse(List.of("code_verifier does not match the code_challenge"), invalidGrant());
        }
        synchronized (this) {
            Grant<U> grant = new Grant<>(code.user(), now());
            Optional<RefreshRules> renewal = refreshRules();
            Instant refreshEnds = renewal.map(rules -> rules.lifetime() == null ? null : grant.consentedAt.plus(rules.lifetime())).orElse(null);
            return answer(issue(grant, renewal.isPresent(), refreshEnds, false));
        }
    }

    /** The refresh-token grant, by the platform's {@link RefreshRules}. */
    private PlatformAnswer refresh(PlatformRequest request) {
        List<String> broken = new ArrayList<>(request.repeatedParameters());
        if (!request.formEncoded()) {
            broken.add("the token request must be application/x-www-form-urlencoded");
        }
        String presented = request.form("refresh_token");
        if (presented == null || presented.isBlank()) {
            broken.add("refresh_token is required");
        }
        if (request.form("code") != null || request.form("code_verifier") != null) {
            broken.add("a refresh request carries no code or code_verifier");
        }
        broken.addAll(tokenRequestChecks(request));
        if (!broken.isEmpty()) {
            return refuse(broken, invalidRequest());
        }
        PlatformAnswer client = authenticateClient(request);
        if (client != null) {
            return client;
        }
        Optional<RefreshRules> renewal = refreshRules();
        if (renewal.isEmpty()) {
            return refuse(List.of("this app gets no refresh tokens from " + name() + "; it must not send the refresh-token grant"),
                    refreshNotAllowed());
        }
        RefreshRules rules = renewal.get();
        synchronized (this) {
            refreshUses.merge(presented, 1, Integer::sum);
            RefreshToken<U> token = refreshTokens.get(presented);
            if (token == null || token.grant.dead || (token.expiresAt != null && !now().isBefore(token.expiresAt))) {
                return invalidRefreshToken();
            }
            if (token.used) {
                if (rules.replayKillsGrant()) {
                    token.grant.dead = true; // the current access token and the successor refresh token die too
                }
                return invalidRefreshToken();
            }
            if (rules.rotates()) {
                token.used = true;
                Instant ends = rules.lifetime() == null ? null
                        : rules.lifetimeFromConsent() ? token.expiresAt : now().plus(rules.lifetime());
                return answer(issue(token.grant, true, ends, true));
            }
            // no rotation: the same refresh token, its end unchanged
            Issued fresh = issue(token.grant, false, token.expiresAt, true);
            return answer(new Issued(fresh.accessToken(), fresh.accessLifetime(), presented, token.expiresAt, true));
        }
    }

    /** New tokens of the grant; the access token never outlives {@code refreshEnds} (LinkedIn's day-360 rule). */
    private Issued issue(Grant<U> grant, boolean withRefreshToken, Instant refreshEnds, boolean byRefresh) {
        Duration lifetime = accessTokenLifetime;
        if (refreshEnds != null && refreshEnds.isBefore(now().plus(lifetime))) {
            lifetime = Duration.between(now(), refreshEnds);
        }
        String access = CANARY + name() + "-access-" + serial.incrementAndGet();
        accessTokens.put(access, new AccessToken<>(grant, now().plus(lifetime)));
        issued.add(Map.entry(grant.user, access));
        String refresh = null;
        if (withRefreshToken) {
            refresh = CANARY + name() + "-refresh-" + serial.incrementAndGet();
            refreshTokens.put(refresh, new RefreshToken<>(grant, refreshEnds));
            issuedRefresh.add(Map.entry(grant.user, refresh));
        }
        return new Issued(access, lifetime, refresh, refreshEnds, byRefresh);
    }

    private PlatformAnswer answer(Issued tokens) {
        return PlatformAnswer.json(200, tokenJson(tokens, rules.scopes())).withHeader("Cache-Control", "no-store");
    }

    /** The revoke endpoint: the client authenticated as at the token endpoint, then the token's grant dies. */
    private PlatformAnswer revoke(PlatformRequest request) {
        List<String> broken = new ArrayList<>(request.repeatedParameters());
        if (!request.formEncoded()) {
            broken.add("the revoke request must be application/x-www-form-urlencoded");
        }
        String token = request.form("token");
        if (token == null || token.isBlank()) {
            broken.add("token is required");
        }
        String hint = request.form("token_type_hint");
        if (hint != null && !hint.equals("access_token") && !hint.equals("refresh_token")) {
            broken.add("token_type_hint must be access_token or refresh_token, was " + hint);
        }
        if (!broken.isEmpty()) {
            return refuse(broken, invalidRequest());
        }
        PlatformAnswer client = authenticateClient(request);
        if (client != null) {
            return client;
        }
        synchronized (this) {
            AccessToken<U> access = accessTokens.get(token);
            RefreshToken<U> refresh = refreshTokens.get(token);
            Grant<U> grant = access != null ? access.grant() : refresh != null ? refresh.grant : null;
            if (grant != null) {
                grant.dead = true;
            }
            revocations.add(new Revocation<>(token, hint, grant == null ? null : grant.user));
        }
        // RFC 7009 2.2: an unknown token is answered as a revoked one
        return revoked();
    }

    /** Null when the client authenticated; otherwise the platform's refusal. */
    private PlatformAnswer authenticateClient(PlatformRequest request) {
        List<String> client = clientAuthenticationProblems(request);
        if (!client.isEmpty()) {
            return refuse(client, invalidClient());
        }
        return clientCredentialsRefused ? invalidClient() : null;
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
