package dev.mooring.api.platform.pinterest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestOAuthServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Pinterest API v5 as platforms.md section 7 has it: no PKCE, HTTP Basic client credentials,
 * comma-separated scopes, a 30-day access token with a continuous refresh token,
 * {@code /v5/user_account}, {@code /v5/boards} paged by an opaque {@code bookmark} (page_size
 * default 25, at most 250), and Pinterest's {@code {code, message}} errors.
 */
public class PinterestTestServer extends TestOAuthServer<PinterestTestServer.User> {

    public static final String AUTHORIZE = "/oauth/";
    public static final String TOKEN = "/v5/oauth/token";
    public static final String USER_ACCOUNT = "/v5/user_account";
    public static final String BOARDS = "/v5/boards";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_PAGE_SIZE = 25;
    private static final int MAX_PAGE_SIZE = 250;

    public record Board(String id, String name) {
    }

    public record User(String id, String username, String businessName, String profileImage, List<Board> boards) {
    }

    public PinterestTestServer(Supplier<String> registeredRedirectUri) {
        // Pinterest does not document its code lifetime; ten minutes is RFC 6749's recommended maximum
        super("pinterest", AUTHORIZE, TOKEN, new Rules("1508231", CANARY + "pinterest-client-secret",
                List.of("boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read"), ",",
                Pkce.REFUSED, ClientAuthentication.BASIC, Duration.ofMinutes(10)), registeredRedirectUri);
        route("GET", USER_ACCOUNT, this::userAccount);
        route("GET", BOARDS, this::boards);
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
        long refreshSeconds = Duration.ofDays(60).toSeconds();
        return JSON.createObjectNode()
                .put("access_token", tokens.accessToken())
                .put("refresh_token", tokens.refreshToken())
                .put("response_type", "authorization_code")
                .put("token_type", "bearer")
                .put("expires_in", Duration.ofDays(30).toSeconds())
                .put("refresh_token_expires_in", refreshSeconds)
                .put("refresh_token_expires_at", now().getEpochSecond() + refreshSeconds)
                .put("scope", String.join(",", scopes))
                .toString();
    }

    private PlatformAnswer userAccount(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return invalidClient();
        }
        return PlatformAnswer.json(200, JSON.createObjectNode()
                .put("account_type", "BUSINESS")
                .put("id", user.id())
                .put("profile_image", user.profileImage())
                .put("website_url", "")
                .put("username", user.username())
                .put("about", "")
                .put("business_name", user.businessName())
                .put("board_count", user.boards().size())
                .put("pin_count", 0)
                .toString());
    }

    private PlatformAnswer boards(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return invalidClient();
        }
        int pageSize = request.query("page_size") == null ? DEFAULT_PAGE_SIZE : Integer.parseInt(request.query("page_size"));
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            return refuse(List.of("page_size must be 1 to 250, was " + pageSize), invalidRequest());
        }
        int from = request.query("bookmark") == null ? 0 : offset(request.query("bookmark"));
        int to = Math.min(from + pageSize, user.boards().size());
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Board board : user.boards().subList(from, to)) {
            items.addObject().put("id", board.id()).put("name", board.name()).put("description", "")
                    .put("privacy", "PUBLIC").putObject("owner").put("username", user.username());
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

    private static int offset(String bookmark) {
        return Integer.parseInt(new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8).substring(7));
    }
}
