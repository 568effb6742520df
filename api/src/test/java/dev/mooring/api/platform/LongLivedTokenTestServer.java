package dev.mooring.api.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Instagram Login's and Threads' token endpoints as platforms.md sections 5 and 6 document them:
 * the authorize page, whose redirect carries {@code #_}; the code exchanged by a form POST with the
 * secret in the body for a 1-hour token; the GET exchange for a 60-day token; the GET refresh,
 * refused for tokens younger than 24 hours; a versioned {@code /me}; publishing in two steps, a
 * container made on the user's id and then published by its {@code creation_id}
 * ({@link #publishing}); Graph errors for dead tokens (190) and rate limits.
 */
public abstract class LongLivedTokenTestServer extends MetaTestServer<LongLivedTokenTestServer.User> {

    private static final long LONG_LIVED_SECONDS = 5_183_944;
    private static final Duration MINIMUM_AGE = Duration.ofHours(24);
    private static final AtomicInteger IDS = new AtomicInteger(17_841_400);

    /** A user of the platform; the flags make their next calls fail as the platform's do. */
    public static final class User {
        private final String id;
        private final String appScopedId;
        private final String username;
        private volatile boolean wrapsTokenAnswer;
        private volatile Integer killedWithSubcode;
        private volatile Integer rateLimitCode;

        private User(String id, String appScopedId, String username) {
            this.id = id;
            this.appScopedId = appScopedId;
            this.username = username;
        }

        /** The platform user id Mooring must keep. */
        public String id() {
            return id;
        }

        /** The app-scoped id, which is not the one to keep. */
        public String appScopedId() {
            return appScopedId;
        }

        public String username() {
            return username;
        }

        public String name() {
            return "Name of " + username;
        }

        public String pictureUrl() {
            return "https://cdn.test/" + username + ".jpg";
        }

        /** The code exchange answers {@code {"data":[{...}]}} instead of the flat object. */
        public void wrapTokenAnswer() {
            wrapsTokenAnswer = true;
        }

        /** Every token of this user dies with OAuthException 190 and this subcode. */
        public void killTokens(int subcode) {
            killedWithSubcode = subcode;
        }

        /** Calls with this user's tokens answer this rate-limit code, as HTTP 400. */
        public void rateLimit(int code) {
            rateLimitCode = code;
        }
    }

    private record Token(User user, boolean longLived, Instant issuedAt) {
    }

    /** A media container: whose it is, and whether it was published already (a container publishes once). */
    private record Container(User user, boolean published) {
    }

    /**
     * The two publishing edges of a user: {@code POST /{user-id}/{containerEdge}} makes a container
     * of what {@code missingField} finds complete (it names the first required field missing, or
     * null), {@code POST /{user-id}/{publishEdge}} publishes it by {@code creation_id}.
     */
    public record Publishing(String containerEdge, String publishEdge, Function<PlatformRequest, String> missingField) {
    }

    private final String tokenKind;
    private final String exchangeGrant;
    private final String refreshGrant;
    private final String profileFields;
    private final String profilePath;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final String version;
    private final Publishing publishing;

    protected LongLivedTokenTestServer(String platform, String scope, String version, String exchangeGrant,
                                       String refreshGrant, String profileFields, Publishing publishing, Clock clock) {
        super(platform, platform + "-app-" + IDS.incrementAndGet(), platform + "-app-secret-" + SECRET_MARKER, scope, clock);
        this.tokenKind = platform;
        this.exchangeGrant = exchangeGrant;
        this.refreshGrant = refreshGrant;
        this.profileFields = profileFields;
        this.profilePath = "/" + version + "/me";
        this.version = version;
        this.publishing = publishing;
        route("GET", "/oauth/authorize", request -> authorize(request, "#_"));
        route("POST", "/oauth/access_token", this::exchangeCode);
        route("GET", "/access_token", this::exchangeForLongLived);
        route("GET", "/refresh_access_token", this::refresh);
        route("GET", profilePath, this::me);
    }

    /** What {@code /me} answers for the user, in the platform's field names. */
    protected abstract Map<String, Object> profile(User user);

    public User user(String usernamePrefix) {
        int number = IDS.incrementAndGet();
        User user = new User(String.valueOf(number), "app-scoped-" + number, usernamePrefix + number);
        route("POST", containerPath(user), request -> createContainer(request, user));
        route("POST", publishPath(user), request -> publish(request, user));
        return user;
    }

    /** {@code /{version}/{user-id}/{container edge}}, where a post's container is made. */
    public String containerPath(User user) {
        return "/" + version + "/" + user.id() + "/" + publishing.containerEdge();
    }

    /** {@code /{version}/{user-id}/{publish edge}}, where a container is published. */
    public String publishPath(User user) {
        return "/" + version + "/" + user.id() + "/" + publishing.publishEdge();
    }

    public String profilePath() {
        return profilePath;
    }

    /** A long-lived token for the user, as a finished connect holds, for tests that connect the account directly. */
    public String longLivedTokenOf(User user) {
        return issue(user, true);
    }

    /** The newest token this server issued to the user. */
    public String newestToken(User user) {
        return tokens.entrySet().stream()
                .filter(entry -> entry.getValue().user() == user)
                .max((a, b) -> a.getValue().issuedAt().compareTo(b.getValue().issuedAt()))
                .map(Map.Entry::getKey)
                .orElseThrow();
    }

    private PlatformAnswer exchangeCode(PlatformRequest request) {
        if (request.headers().containsKey("Authorization") || request.query().containsKey("client_secret")) {
            return graphError(400, 1, null, "client credentials go in the form body");
        }
        if (!"authorization_code".equals(request.form("grant_type"))) {
            return graphError(400, 100, null, "grant_type must be authorization_code");
        }
        User user = redeem(request);
        if (user == null) {
            return graphError(400, 100, null, "Invalid authorization code, client or redirect_uri");
        }
        String token = issue(user, false);
        Map<String, Object> answer = Map.of("access_token", token, "user_id", user.id,
                "permissions", List.of(getClass().getSimpleName()));
        return json(200, user.wrapsTokenAnswer ? Map.of("data", List.of(answer)) : answer);
    }

    private PlatformAnswer exchangeForLongLived(PlatformRequest request) {
        Token shortLived = tokens.get(String.valueOf(request.param("access_token")));
        if (!exchangeGrant.equals(request.param("grant_type")) || !clientSecret().equals(request.param("client_secret"))) {
            return graphError(400, 100, null, "grant_type must be " + exchangeGrant + " with the app secret");
        }
        if (shortLived == null || shortLived.longLived()) {
            return graphError(400, 190, null, "Invalid OAuth access token: a short-lived token is needed");
        }
        return longLived(shortLived.user());
    }

    private PlatformAnswer refresh(PlatformRequest request) {
        Token current = tokens.get(String.valueOf(request.param("access_token")));
        if (!refreshGrant.equals(request.param("grant_type"))) {
            return graphError(400, 100, null, "grant_type must be " + refreshGrant);
        }
        PlatformAnswer failure = failure(current);
        if (failure != null) {
            return failure;
        }
        if (!current.longLived() || clock().instant().isBefore(current.issuedAt().plus(MINIMUM_AGE))) {
            return graphError(400, 10, null, "Only long-lived tokens at least 24 hours old can be refreshed");
        }
        return longLived(current.user());
    }

    private PlatformAnswer me(PlatformRequest request) {
        Token token = tokens.get(String.valueOf(request.accessToken()));
        PlatformAnswer failure = failure(token);
        if (failure != null) {
            return failure;
        }
        if (!profileFields.equals(request.param("fields"))) {
            return graphError(400, 100, null, "fields must be " + profileFields);
        }
        return json(200, profile(token.user()));
    }

    private PlatformAnswer createContainer(PlatformRequest request, User user) {
        PlatformAnswer refused = notAs(request, user);
        if (refused != null) {
            return refused;
        }
        String missing = publishing.missingField().apply(request);
        if (missing != null) {
            return graphError(400, 100, null, "The parameter " + missing + " is required.");
        }
        String id = String.valueOf(IDS.incrementAndGet());
        containers.put(id, new Container(user, false));
        return json(200, Map.of("id", id));
    }

    private PlatformAnswer publish(PlatformRequest request, User user) {
        PlatformAnswer refused = notAs(request, user);
        if (refused != null) {
            return refused;
        }
        String creationId = request.param("creation_id");
        if (creationId == null) {
            return graphError(400, 100, null, "The parameter creation_id is required.");
        }
        Container container = containers.get(creationId);
        if (container == null || container.user() != user || container.published()
                || !containers.replace(creationId, container, new Container(user, true))) {
            return graphError(400, 100, 33, "Unsupported post request. Object with ID '" + creationId
                    + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation");
        }
        return json(200, Map.of("id", String.valueOf(IDS.incrementAndGet())));
    }

    /** Graph's refusal of a call on {@code user}'s edges made with a dead token or another user's; null when it is theirs. */
    private PlatformAnswer notAs(PlatformRequest request, User user) {
        Token token = tokens.get(String.valueOf(request.accessToken()));
        PlatformAnswer failure = failure(token);
        if (failure != null) {
            return failure;
        }
        return token.user() == user ? null : graphError(400, 100, 33, "Unsupported post request. Object with ID '"
                + user.id() + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation");
    }

    private PlatformAnswer failure(Token token) {
        if (token == null || token.issuedAt().plusSeconds(LONG_LIVED_SECONDS).isBefore(clock().instant())) {
            return graphError(400, 190, 463, "Error validating access token: Session has expired");
        }
        if (token.user().killedWithSubcode != null) {
            return graphError(400, 190, token.user().killedWithSubcode, "Error validating access token");
        }
        if (token.user().rateLimitCode != null) {
            return graphError(400, token.user().rateLimitCode, null, "(#" + token.user().rateLimitCode + ") Rate limit reached");
        }
        return null;
    }

    private PlatformAnswer longLived(User user) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", issue(user, true));
        answer.put("token_type", "bearer");
        answer.put("expires_in", LONG_LIVED_SECONDS);
        return json(200, answer);
    }

    private String issue(User user, boolean longLived) {
        String token = issue(tokenKind + (longLived ? "-long-token" : "-short-token"));
        tokens.put(token, new Token(user, longLived, clock().instant()));
        return token;
    }
}
