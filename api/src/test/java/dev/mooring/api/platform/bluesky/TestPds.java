package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An AT Protocol server for tests: entryway, PDS and PLC directory in one local HTTP server, behaving
 * as platforms.md describes the reference PDS. Sessions are JWTs with a real {@code exp} (2 h access,
 * 90 d refresh); {@code refreshSession} rotates the refresh JWT, and presenting a used one within
 * the 2 h grace period yields the same successor; an expired access JWT is HTTP 400
 * {@code ExpiredToken}; revoking an app password deletes every refresh JWT it created while access
 * JWTs live on to their {@code exp}; {@code createSession} is limited to 30 attempts per 5 minutes
 * per identifier (both adjustable); main passwords ask for a sign-in code. A session may
 * {@code uploadBlob} and {@code createRecord} in its own repo (an {@code app.bsky.feed.post} needs
 * its text and createdAt, and may embed only blobs the account uploaded).
 *
 * <p>The entryway answers at {@code http://localhost:<port>}; accounts' DID documents name the PDS
 * {@code http://127.0.0.1:<port>}, so the {@code Host} of a call shows which one a client used.
 * The server's clock can be moved forward, so expiry needs no waiting.
 */
public final class TestPds extends TestHttpServer {

    static final Duration ACCESS_LIFETIME = Duration.ofHours(2);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(90);
    static final Duration REFRESH_GRACE = Duration.ofHours(2);
    private static final int LOGIN_POINTS = 30;
    private static final Duration LOGIN_WINDOW = Duration.ofMinutes(5);
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestJwts jwts;
    private final SecureRandom random = new SecureRandom();

    // all state below is guarded by this
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, RefreshGrant> refreshGrants = new HashMap<>();
    private final Map<String, LoginWindow> loginWindows = new HashMap<>();
    private final List<String> issuedSecrets = new ArrayList<>();
    private Duration clockOffset = Duration.ZERO;
    private int loginPoints = LOGIN_POINTS;
    private Duration loginWindow = LOGIN_WINDOW;
    private boolean failing;
    private volatile boolean dropH2cUpgrades;
    private final AtomicInteger droppedUpgrades = new AtomicInteger();
    /** Accounts whose createSession answers claim another identity: DID and handle, by the account's own DID. */
    private final Map<String, List<String>> sessionClaims = new HashMap<>();

    /** One account, with what the test can see of it. */
    public static final class Account {
        private final String did;
        private final String handle;
        private final String email;
        private final Map<String, String> appPasswords = new HashMap<>();
        private final List<String> loginHosts = new ArrayList<>();
        private URI pds;
        private final List<String> formerPds = new ArrayList<>();
        private String mainPassword;
        private String newestRefresh;
        private boolean hasProfile = true;
        private int loginAttempts;
        private int refreshes;
        private int graceReuses;
        private int sessionsDeleted;
        private int sessionChecks;
        private String newestAccess;
        /** Blobs uploaded, by CID; a record may embed only these. */
        private final Map<String, Integer> blobs = new HashMap<>();
        /** Records created, by their at:// URI. */
        private final Map<String, JsonNode> records = new LinkedHashMap<>();

        private Account(String did, String handle, URI pds) {
            this.did = did;
            this.handle = handle;
            this.email = handle.replace('.', '-') + "@mail.example";
            this.pds = pds;
        }

        public String did() {
            return did;
        }

        public String handle() {
            return handle;
        }

        public String email() {
            return email;
        }

        public String displayName() {
            return "Name of " + handle;
        }

        public String avatar() {
            return "https://cdn.example/avatar/" + handle + ".jpg";
        }
    }

    /** A refresh JWT the server granted, by the app password that created its chain; {@code successor} once used. */
    private record RefreshGrant(String did, String appPassword, String successor, Instant usedAt) {
    }

    private record LoginWindow(Instant start, int attempts) {
    }

    private TestPds() {
        super("bluesky", 8); // room for one workspace's stalled logins beside another's
        byte[] key = new byte[32];
        random.nextBytes(key);
        jwts = new TestJwts(key);
        fallback(this::answer);
    }

    public static TestPds start() {
        return new TestPds();
    }

    /** The entryway (and handle resolver). */
    public URI url() {
        return URI.create("http://localhost:" + port());
    }

    /** Where accounts' DID documents say their PDS is. */
    public URI pdsUrl() {
        return url("");
    }

    public URI plcUrl() {
        return URI.create(url() + "/plc");
    }

    // --- what tests arrange -------------------------------------------------------------------------

    /** A new account on this PDS, known to the PLC directory, with a profile. */
    public synchronized Account createAccount(String handle) {
        return add(new Account("did:plc:" + randomText(24), handle, pdsUrl()));
    }

    /** The host's own {@code did:web} account ({@code did:web:localhost%3A<port>}); one per server. */
    public synchronized Account createWebAccount(String handle) {
        return add(new Account("did:web:localhost%3A" + port(), handle, pdsUrl()));
    }

    private Account add(Account account) {
        accounts.put(account.did, account);
        return account;
    }

    /** A new app password, shaped {@code xxxx-xxxx-xxxx-xxxx} as Bluesky makes them. */
    public synchronized String createAppPassword(Account account) {
        String password = String.join("-", randomText(4), randomText(4), randomText(4), randomText(4));
        account.appPasswords.put(password, "mooring-" + account.appPasswords.size());
        issuedSecrets.add(password);
        return password;
    }

    /** The account's main password, protected by email sign-in codes. */
    public synchronized void setMainPasswordWithSignInCodes(Account account, String password) {
        account.mainPassword = password;
    }

    /** Deletes the app password and every refresh JWT created with it. */
    public synchronized void revokeAppPassword(Account account, String password) {
        String name = account.appPasswords.remove(password);
        refreshGrants.values().removeIf(grant -> grant.did().equals(account.did) && grant.appPassword().equals(name));
    }

    /** What {@code deleteSession} does to every session of the account: refresh JWTs die, app passwords live. */
    public synchronized void endSessions(Account account) {
        refreshGrants.values().removeIf(grant -> grant.did().equals(account.did));
    }

    /**
     * Uses the account's newest refresh JWT as a client whose answer got lost would have: the
     * grant is rotated, and the client still holds the old token.
     */
    public synchronized void rotateOutOfBand(Account account) {
        rotate(account.newestRefresh, refreshGrants.get(account.newestRefresh));
    }

    public synchronized void removeProfile(Account account) {
        account.hasProfile = false;
    }

    /** Points the account's DID document at another PDS. */
    public synchronized void moveTo(Account account, URI pds) {
        account.formerPds.add(account.pds.getAuthority());
        account.pds = pds;
    }

    /**
     * Makes {@code createSession} for this account answer as a hostile server would: a session
     * naming {@code did} and {@code handle}, while its JWTs stay the account's own.
     */
    public synchronized void answerSessionsAs(Account account, String did, String handle) {
        sessionClaims.put(account.did, List.of(did, handle));
    }

    /** Every XRPC call answers 503 while on. */
    public synchronized void failing(boolean on) {
        failing = on;
    }

    /**
     * While on, a request carrying {@code Upgrade: h2c} gets no answer: the connection is closed, as
     * the reference PDS (a Node server with a WebSocket endpoint) does. The JDK server would
     * otherwise ignore the header and answer in HTTP/1.1.
     */
    public void dropH2cUpgrades(boolean on) {
        dropH2cUpgrades = on;
    }

    /** How many requests were dropped for asking for h2c. */
    public int droppedH2cUpgrades() {
        return droppedUpgrades.get();
    }

    private static boolean asksForH2c(PlatformRequest request) {
        return request.headers().getOrDefault("Upgrade", List.of()).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("h2c"));
    }

    public synchronized void limitLogins(int attempts, Duration window) {
        loginPoints = attempts;
        loginWindow = window;
        loginWindows.clear();
    }

    public synchronized void resetLoginLimit() {
        limitLogins(LOGIN_POINTS, LOGIN_WINDOW);
    }

    public synchronized void advance(Duration duration) {
        clockOffset = clockOffset.plus(duration);
    }

    public synchronized Instant now() {
        return Instant.now().plus(clockOffset);
    }

    // --- what tests observe -------------------------------------------------------------------------

    public synchronized int loginAttempts(Account account) {
        return account.loginAttempts;
    }

    /** The {@code Host} each of the account's logins was sent to. */
    public synchronized List<String> loginHosts(Account account) {
        return List.copyOf(account.loginHosts);
    }

    /** Sessions ended by {@code deleteSession} with one of their refresh JWTs. */
    public synchronized int sessionsDeleted(Account account) {
        return account.sessionsDeleted;
    }

    public synchronized int refreshes(Account account) {
        return account.refreshes;
    }

    public synchronized int graceReuses(Account account) {
        return account.graceReuses;
    }

    public synchronized int sessionChecks(Account account) {
        return account.sessionChecks;
    }

    /** The access JWT of the account's newest session: the token a client acting for it now holds. */
    public synchronized String newestAccessJwt(Account account) {
        return account.newestAccess;
    }

    /** The records created in the account's repo, by at:// URI. */
    public synchronized Map<String, JsonNode> records(Account account) {
        return Map.copyOf(account.records);
    }

    /** Every app password and JWT this server handed out: none may show up outside Mooring's vault. */
    private synchronized List<String> issuedSecrets() {
        return List.copyOf(issuedSecrets);
    }

    /** Fails when any app password or JWT this server handed out shows up in the text. */
    public void assertNoSecretIn(String text) {
        for (String secret : issuedSecrets()) {
            // a JWT's signature alone is as good as a leak of the whole token
            assertThat(text).as("a text Mooring produced").doesNotContain(secret)
                    .doesNotContain(secret.substring(secret.lastIndexOf('.') + 1));
        }
    }

    // --- the protocol -------------------------------------------------------------------------------

    private PlatformAnswer answer(PlatformRequest request) {
        if (dropH2cUpgrades && asksForH2c(request)) {
            droppedUpgrades.incrementAndGet();
            return PlatformAnswer.closeConnection();
        }
        PdsAnswer answer;
        try {
            synchronized (this) {
                answer = route(request);
            }
        } catch (RuntimeException e) {
            answer = PdsAnswer.error(500, "InternalServerError", e.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
        headers.putAll(answer.headers());
        try {
            return new PlatformAnswer(answer.status(), headers, JSON.writeValueAsString(answer.body()), false);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PdsAnswer route(PlatformRequest request) throws IOException {
        String path = request.path();
        if (path.startsWith("/plc/")) {
            Account account = accounts.get(path.substring("/plc/".length()));
            return account == null || !account.did.startsWith("did:plc:")
                    ? new PdsAnswer(404, Map.of("message", "DID not registered"), Map.of())
                    : PdsAnswer.ok(didDocument(account));
        }
        if (path.equals("/.well-known/did.json")) {
            return accounts.values().stream().filter(account -> account.did.startsWith("did:web:")).findFirst()
                    .map(account -> PdsAnswer.ok(didDocument(account)))
                    .orElse(new PdsAnswer(404, Map.of("message", "no did:web here"), Map.of()));
        }
        if (failing) {
            return PdsAnswer.error(503, "InternalServerError", "the server is failing on purpose");
        }
        String bearer = request.bearer().orElse(null);
        return switch (path) {
            case "/xrpc/com.atproto.identity.resolveHandle" -> resolveHandle(request.query("handle"));
            case "/xrpc/com.atproto.server.createSession" ->
                    createSession(JSON.readTree(request.body()), host(request));
            case "/xrpc/com.atproto.server.refreshSession" -> movedAway(bearer, host(request)) ? deactivated() : refreshSession(bearer);
            case "/xrpc/com.atproto.server.getSession" -> movedAway(bearer, host(request)) ? deactivated() : getSession(bearer);
            case "/xrpc/com.atproto.server.deleteSession" -> deleteSession(bearer);
            case "/xrpc/app.bsky.actor.getProfile" -> getProfile(bearer, request.query("actor"));
            case "/xrpc/com.atproto.repo.uploadBlob" -> uploadBlob(bearer, request);
            case "/xrpc/com.atproto.repo.createRecord" -> createRecord(bearer, request.body());
            default -> PdsAnswer.error(404, "XRPCNotSupported", "Method Not Implemented");
        };
    }

    private static String host(PlatformRequest request) {
        return request.headers().getFirst("Host");
    }

    /** Whether the token's account has moved away from the PDS asked ({@link #moveTo}). */
    private boolean movedAway(String bearer, String host) {
        String subject = bearer == null ? null : jwts.subjectOf(bearer);
        return leftBehind(subject == null ? null : accounts.get(subject), host);
    }

    /** Whether {@code host} is a PDS the account has moved away from. */
    private static boolean leftBehind(Account account, String host) {
        return account != null && host != null && account.formerPds.stream().anyMatch(former -> former.equalsIgnoreCase(host))
                && !host.equalsIgnoreCase(account.pds.getAuthority());
    }

    /** What the PDS an account migrated away from says to its old sessions. */
    private static PdsAnswer deactivated() {
        return PdsAnswer.error(401, "AccountDeactivated", "Account is deactivated");
    }

    private PdsAnswer resolveHandle(String handle) {
        return accounts.values().stream().filter(account -> account.handle.equals(handle)).findFirst()
                .map(account -> PdsAnswer.ok(Map.of("did", account.did)))
                .orElse(PdsAnswer.error(400, "InvalidRequest", "Unable to resolve handle"));
    }

    private PdsAnswer createSession(JsonNode input, String host) {
        String identifier = input.path("identifier").asText("").toLowerCase(Locale.ROOT);
        String password = input.path("password").asText("");
        PdsAnswer limited = consumeLogin(identifier);
        Account account = accounts.values().stream()
                .filter(a -> a.did.equalsIgnoreCase(identifier) || a.handle.equals(identifier) || a.email.equals(identifier))
                .findFirst().orElse(null);
        if (account != null) {
            account.loginAttempts++;
            account.loginHosts.add(host);
        }
        if (limited != null) {
            return limited;
        }
        if (account == null) {
            return PdsAnswer.error(401, "AuthenticationRequired", "Invalid identifier or password");
        }
        if (leftBehind(account, host)) {
            return deactivated();
        }
        if (password.equals(account.mainPassword)) {
            return PdsAnswer.error(401, "AuthFactorTokenRequired", "A sign in code has been sent to your email address");
        }
        String appPassword = account.appPasswords.get(password);
        if (appPassword == null) {
            return PdsAnswer.error(401, "AuthenticationRequired", "Invalid identifier or password");
        }
        Map<String, Object> session = session(account, newRefreshToken(account, appPassword));
        List<String> claim = sessionClaims.get(account.did);
        if (claim != null) {
            session.put("did", claim.get(0));
            session.put("handle", claim.get(1));
        }
        session.put("email", account.email);
        session.put("active", true);
        session.put("didDoc", didDocument(account));
        return PdsAnswer.ok(session);
    }

    /** Fixed windows per identifier, counted before the password is checked, as the reference limiter does. */
    private PdsAnswer consumeLogin(String identifier) {
        Instant now = now();
        LoginWindow window = loginWindows.get(identifier);
        if (window == null || !now.isBefore(window.start().plus(loginWindow))) {
            window = new LoginWindow(now, 0);
        }
        window = new LoginWindow(window.start(), window.attempts() + 1);
        loginWindows.put(identifier, window);
        if (window.attempts() <= loginPoints) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", String.valueOf(loginPoints));
        headers.put("RateLimit-Remaining", "0");
        headers.put("RateLimit-Reset", String.valueOf(window.start().plus(loginWindow).getEpochSecond()));
        headers.put("RateLimit-Policy", loginPoints + ";w=" + loginWindow.toSeconds());
        return new PdsAnswer(429, Map.of("error", "RateLimitExceeded", "message", "Rate Limit Exceeded"), headers);
    }

    private PdsAnswer refreshSession(String bearer) {
        TestJwts.Verified token = jwts.verify(bearer, "com.atproto.refresh", now());
        if (token.refusal() != null) {
            return token.refusal();
        }
        RefreshGrant grant = refreshGrants.get(token.jti());
        Account account = accounts.get(token.subject());
        if (grant == null || account == null) {
            return PdsAnswer.error(400, "ExpiredToken", "Token has been revoked");
        }
        if (grant.successor() != null) {
            if (now().isAfter(grant.usedAt().plus(REFRESH_GRACE))) {
                refreshGrants.remove(token.jti());
                return PdsAnswer.error(400, "ExpiredToken", "Token has been revoked");
            }
            account.graceReuses++;
            return PdsAnswer.ok(session(account, grant.successor()));
        }
        account.refreshes++;
        return PdsAnswer.ok(session(account, rotate(token.jti(), grant)));
    }

    /** The reference PDS: the presented refresh JWT (and its session) is gone; the app password stays. */
    private PdsAnswer deleteSession(String bearer) {
        TestJwts.Verified token = jwts.verify(bearer, "com.atproto.refresh", now());
        if (token.refusal() != null) {
            return token.refusal();
        }
        if (refreshGrants.remove(token.jti()) == null) {
            return PdsAnswer.error(400, "ExpiredToken", "Token has been revoked");
        }
        Account account = accounts.get(token.subject());
        if (account != null) {
            account.sessionsDeleted++;
        }
        return PdsAnswer.ok(Map.of());
    }

    private String rotate(String jti, RefreshGrant grant) {
        String successor = newRefreshToken(accounts.get(grant.did()), grant.appPassword());
        refreshGrants.put(jti, new RefreshGrant(grant.did(), grant.appPassword(), successor, now()));
        return successor;
    }

    private PdsAnswer getSession(String bearer) {
        TestJwts.Verified token = jwts.verify(bearer, "com.atproto.appPass", now());
        if (token.refusal() != null) {
            return token.refusal();
        }
        Account account = accounts.get(token.subject());
        account.sessionChecks++;
        return PdsAnswer.ok(Map.of("did", account.did, "handle", account.handle, "email", account.email, "active", true));
    }

    private PdsAnswer getProfile(String bearer, String actor) {
        TestJwts.Verified token = jwts.verify(bearer, "com.atproto.appPass", now());
        if (token.refusal() != null) {
            return token.refusal();
        }
        Account account = accounts.get(actor);
        if (account == null || !account.hasProfile) {
            return PdsAnswer.error(400, "InvalidRequest", "Profile not found");
        }
        return PdsAnswer.ok(Map.of("did", account.did, "handle", account.handle, "displayName", account.displayName(),
                "avatar", account.avatar()));
    }

    /** Stores the body as a blob of the session's account and answers its ref, as the reference PDS does. */
    private PdsAnswer uploadBlob(String bearer, PlatformRequest request) {
        TestJwts.Verified token = jwts.verify(bearer, "com.atproto.appPass", now());
        if (token.refusal() != null) {
            return token.refusal();
        }
        String mimeType = request.headers().getFirst("Content-Type");
        if (mimeType == null || request.bytes().length == 0) {
            return PdsAnswer.error(400, "InvalidRequest", "Request body and encoding are required");
        }
        String cid = rawCid(request.bytes());
        accounts.get(token.subject()).blobs.put(cid, request.bytes().length);
        return PdsAnswer.ok(Map.of("blob", Map.of("$type", "blob", "ref", Map.of("$link", cid), "mimeType", mimeType,
                "size", request.bytes().length)));
    }

    /** A record in the session's own repo; a post is checked as its lexicon has it, embedded images included. */
    private PdsAnswer createRecord(String bearer, String body) throws IOException {
        TestJwts.Verified token = jwts.verify(bearer, "com.atproto.appPass", now());
        if (token.refusal() != null) {
            return token.refusal();
        }
        JsonNode input = JSON.readTree(body);
        Account account = accounts.get(token.subject());
        String repo = input.path("repo").asText("");
        if (!repo.equals(account.did) && !repo.equals(account.handle)) {
            return PdsAnswer.error(401, "AuthenticationRequired", "Authentication Required");
        }
        String collection = input.path("collection").asText("");
        JsonNode record = input.path("record");
        if (collection.isEmpty() || !record.isObject()) {
            return PdsAnswer.error(400, "InvalidRequest", "Input must have the properties \"collection\" and \"record\"");
        }
        if (collection.equals("app.bsky.feed.post")) {
            for (String property : List.of("text", "createdAt")) {
                if (!record.hasNonNull(property)) {
                    return PdsAnswer.error(400, "InvalidRequest",
                            "Invalid app.bsky.feed.post record: Record must have the property \"" + property + "\"");
                }
            }
            for (JsonNode image : record.at("/embed/images")) {
                String cid = image.at("/image/ref/$link").asText("");
                if (!account.blobs.containsKey(cid)) {
                    return PdsAnswer.error(400, "InvalidRequest", "Could not find blob: " + cid);
                }
            }
        }
        String uri = "at://" + account.did + "/" + collection + "/" + randomText(13);
        account.records.put(uri, record);
        String cid = rawCid(record.toString().getBytes(StandardCharsets.UTF_8));
        return PdsAnswer.ok(Map.of("uri", uri, "cid", cid, "commit", Map.of("cid", cid, "rev", randomText(13)),
                "validationStatus", "valid"));
    }

    /** A CIDv1 of raw bytes (sha2-256), in base32 as blobs' refs are written: {@code bafkrei...}. */
    private static String rawCid(byte[] bytes) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] cid = new byte[4 + digest.length];
        cid[0] = 0x01; // CIDv1
        cid[1] = 0x55; // raw
        cid[2] = 0x12; // sha2-256
        cid[3] = 0x20; // 32 bytes
        System.arraycopy(digest, 0, cid, 4, digest.length);
        StringBuilder text = new StringBuilder("b");
        int buffer = 0;
        int bits = 0;
        for (byte b : cid) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt(buffer >> (bits - 5) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt(buffer << (5 - bits) & 31));
        }
        return text.toString();
    }

    private Map<String, Object> session(Account account, String refreshJwt) {
        String accessJwt = jwts.sign(Map.of("scope", "com.atproto.appPass", "sub", account.did,
                "jti", randomText(16)), now(), ACCESS_LIFETIME);
        issuedSecrets.add(accessJwt);
        account.newestAccess = accessJwt;
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("did", account.did);
        session.put("handle", account.handle);
        session.put("accessJwt", accessJwt);
        session.put("refreshJwt", refreshJwt);
        return session;
    }

    private String newRefreshToken(Account account, String appPassword) {
        String jti = randomText(24);
        String jwt = jwts.sign(Map.of("scope", "com.atproto.refresh", "sub", account.did, "jti", jti), now(), REFRESH_LIFETIME);
        refreshGrants.put(jti, new RefreshGrant(account.did, appPassword, null, null));
        account.newestRefresh = jti;
        issuedSecrets.add(jwt);
        return jwt;
    }

    private static Map<String, Object> didDocument(Account account) {
        return Map.of(
                "@context", List.of("https://www.w3.org/ns/did/v1"),
                "id", account.did,
                "alsoKnownAs", List.of("at://" + account.handle),
                "service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
                        "serviceEndpoint", account.pds.toString())));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return text.toString();
    }
}
