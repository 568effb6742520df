package dev.mooring.api.platform.pinterest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestOAuthServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pinterest API v5 as platforms.md section 7 has it: no PKCE, HTTP Basic client credentials,
 * comma-separated scopes, a 30-day access token with a continuous refresh token (60 days, a new one
 * with fresh {@code refresh_token_expires_*} on every refresh; the old one is taken as dead since its
 * fate is undocumented), {@code continuous_refresh=true} required of apps created before
 * 2025-09-25 ({@link #createdBefore20250925(boolean)}), no revoke endpoint,
 * {@code /v5/user_account}, {@code /v5/boards} paged by an opaque {@code bookmark} (page_size
 * default 25, at most 250; a page size or a bookmark it did not hand out is refused with its 400,
 * a token it does not know with its 401), each board with its {@code media.image_cover_url},
 * {@code POST /v5/pins} on one of the user's boards, and Pinterest's {@code {code, message}} errors. Answers to
 * {@code /v5/user_account} carry Pinterest's {@code x-ratelimit-limit}, {@code -remaining} and
 * {@code -reset} (seconds until the window ends) of a per-token minute window of 1000 calls.
 */
public class PinterestTestServer extends TestOAuthServer<PinterestTestServer.User> {

    private static final int CALLS_A_MINUTE = 1000;

    private record Window(Instant reset, int used) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public static final String AUTHORIZE = "/oauth/";
    public static final String TOKEN = "/v5/oauth/token";
    public static final String USER_ACCOUNT = "/v5/user_account";
    public static final String BOARDS = "/v5/boards";
    public static final String PINS = "/v5/pins";
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PAGE_SIZE = 25;
    private static final int MAX_PAGE_SIZE = 250;

    private volatile boolean legacyApp;

    /** A board; {@code coverUrl} is null for a board without pins, as Pinterest answers it. */
    public record Board(String id, String name, String coverUrl) {

        public Board(String id, String name) {
            this(id, name, null);
        }
    }

    public record User(String id, String username, String businessName, String profileImage, List<Board> boards) {
    }

    public PinterestTestServer(Supplier<String> registeredRedirectUri) {
        // Pinterest does not document its code lifetime; ten minutes is RFC 6749's recommended maximum
        super("pinterest", AUTHORIZE, TOKEN, new Rules("1508231", CANARY + "pinterest-client-secret",
                List.of("boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read"), ",",
                Pkce.REFUSED, ClientAuthentication.BASIC, Duration.ofMinutes(10), Duration.ofDays(30)), registeredRedirectUri);
        route("GET", USER_ACCOUNT, this::userAccount);
        route("GET", BOARDS, this::boards);
        route("POST", PINS, this::createPin);
    }

    /**
     * An app activated before 2025-09-25: it gets continuous refresh tokens only by asking with
     * {@code continuous_refresh=true}, on the code exchange and on each refresh; the legacy
     * 365-day token it would otherwise get is no longer issued, so such a request is refused.
     */
    public void createdBefore20250925(boolean legacy) {
        legacyApp = legacy;
    }

    @Override
    public void reset() {
        super.reset();
        legacyApp = false;
        windows.clear();
    }

    @Override
    protected List<String> tokenRequestChecks(PlatformRequest request) {
        String continuous = request.form("continuous_refresh");
        if (continuous != null && !continuous.equals("true") && !continuous.equals("false")) {
            return List.of("continuous_refresh must be true or false, was " + continuous);
        }
        return legacyApp && !"true".equals(continuous)
                ? List.of("an app created before 2025-09-25 must send continuous_refresh=true") : List.of();
    }

    @Override
    protected Optional<RefreshRules> refreshRules() {
        return Optional.of(new RefreshRules(true, false, REFRESH_LIFETIME, false));
    }

    @Override
    protected PlatformAnswer rateLimitedAnswer() {
        return rateLimited(60);
    }

    public static PlatformAnswer rateLimited(long retryAfterSeconds) {
        return PlatformAnswer.json(429, """
                        {"code":8,"message":"You have exceeded your rate limit. Try again later."}""")
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    @Override
    protected PlatformAnswer invalidGrant() {
        return PlatformAnswer.json(400, """
                {"code":283,"message":"The authorization grant is invalid"}""");
    }

    @Override
    protected PlatformAnswer invalidClient() {
        return PlatformAnswer.json(401, """
                {"code":2,"message":"Authentication failed."}""");
    }

    @Override
    protected PlatformAnswer invalidRequest() {
        return PlatformAnswer.json(400, """
                {"code":1,"message":"Invalid parameters."}""");
    }

    @Override
    protected String tokenJson(Issued tokens, List<String> scopes) {
        return JSON.createObjectNode()
                .put("access_token", tokens.accessToken())
                .put("refresh_token", tokens.refreshToken())
                .put("response_type", tokens.byRefresh() ? "refresh_token" : "authorization_code")
                .put("token_type", "bearer")
                .put("expires_in", tokens.accessLifetime().toSeconds())
                .put("refresh_token_expires_in", tokens.refreshTokenExpiresIn(now()))
                .put("refresh_token_expires_at", tokens.refreshTokenExpiresAt().getEpochSecond())
                .put("scope", String.join(",", scopes))
                .toString();
    }

    private PlatformAnswer userAccount(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return invalidClient();
        }
        return withRateLimit(request, PlatformAnswer.json(200, JSON.createObjectNode()
                .put("account_type", "BUSINESS")
                .put("id", user.id())
                .put("profile_image", user.profileImage())
                .put("website_url", "")
                .put("username", user.username())
                .put("about", "")
                .put("business_name", user.businessName())
                .put("board_count", user.boards().size())
                .put("pin_count", 0)
                .toString()));
    }

    /** The answer with this token's minute window counted in Pinterest's headers. */
    private PlatformAnswer withRateLimit(PlatformRequest request, PlatformAnswer answer) {
        Instant now = Instant.now();
        Window window = windows.compute(request.bearer().orElseThrow(), (token, current) -> current == null
                || !now.isBefore(current.reset()) ? new Window(now.plusSeconds(60), 1) : new Window(current.reset(), current.used() + 1));
        return answer.withHeader("x-ratelimit-limit", String.valueOf(CALLS_A_MINUTE))
                .withHeader("x-ratelimit-remaining", String.valueOf(Math.max(0, CALLS_A_MINUTE - window.used())))
                .withHeader("x-ratelimit-reset", String.valueOf(Math.max(1, Duration.between(now, window.reset()).toSeconds())));
    }

    /**
     * {@code POST /v5/pins}: a JSON pin with the {@code board_id} it goes on (one of the user's
     * boards) and a {@code media_source}; 201 with the pin, Pinterest's 400 without them.
     */
    private PlatformAnswer createPin(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return invalidClient();
        }
        JsonNode pin;
        try {
            pin = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            return invalidRequest();
        }
        String boardId = pin.path("board_id").asText("");
        JsonNode source = pin.path("media_source");
        if (boardId.isEmpty() || !source.hasNonNull("source_type")) {
            return PlatformAnswer.json(400, """
                    {"code":1,"message":"board_id and media_source are required properties"}""");
        }
        if (user.boards().stream().noneMatch(board -> board.id().equals(boardId))) {
            return PlatformAnswer.json(404, """
                    {"code":2,"message":"Board not found."}""");
        }
        ObjectNode created = JSON.createObjectNode()
                .put("id", String.valueOf(System.nanoTime()))
                .put("created_at", Instant.now().toString())
                .put("board_id", boardId)
                .put("title", pin.path("title").asText(""))
                .put("description", pin.path("description").asText(""));
        created.putObject("media").put("media_type", "image");
        return withRateLimit(request, PlatformAnswer.json(201, created.toString()));
    }

    private PlatformAnswer boards(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return invalidClient();
        }
        String size = request.query("page_size");
        int pageSize = size == null ? DEFAULT_PAGE_SIZE : size.matches("\\d{1,4}") ? Integer.parseInt(size) : -1;
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            return refuse(List.of("page_size must be 1 to 250, was " + size), invalidRequest());
        }
        int from = request.query("bookmark") == null ? 0 : offset(request.query("bookmark"));
        if (from < 0 || from > user.boards().size()) {
            return refuse(List.of("a bookmark this server did not hand out: " + request.query("bookmark")), invalidRequest());
        }
        int to = Math.min(from + pageSize, user.boards().size());
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Board board : user.boards().subList(from, to)) {
            ObjectNode item = items.addObject().put("id", board.id()).put("name", board.name()).put("description", "")
                    .put("privacy", "PUBLIC");
            item.putObject("owner").put("username", user.username());
            item.putObject("media").put("image_cover_url", board.coverUrl()).putArray("pin_thumbnail_urls");
        }
        if (to < user.boards().size()) {
            body.put("bookmark", bookmark(to));
        } else {
            body.putNull("bookmark");
        }
        return PlatformAnswer.json(200, body.toString());
    }

    // opaque to clients, as Pinterest's bookmarks are
    private static String bookmark(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a bookmark of {@link #bookmark} stands for; -1 for anything else. */
    private static int offset(String bookmark) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
            return decoded.matches("offset:\\d{1,6}") ? Integer.parseInt(decoded.substring(7)) : -1;
        } catch (IllegalArgumentException notBase64) {
            return -1;
        }
    }
}
