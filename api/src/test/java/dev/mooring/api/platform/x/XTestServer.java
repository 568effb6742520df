package dev.mooring.api.platform.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.api.platform.MultipartForm;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestOAuthServer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * X's OAuth 2 as platforms.md section 2 has it: PKCE S256 required, HTTP Basic client credentials,
 * space-separated scopes, codes that live 30 seconds, a 2-hour access token, a refresh token only
 * with {@code offline.access} that rotates on every refresh (a used or unknown one is 400
 * {@code invalid_request}, and replaying a used one kills the whole grant, as reported), the revoke
 * endpoint, {@code /2/users/me} returning only the fields asked for, {@code POST /2/tweets} with
 * media from the v2 simple upload {@code POST /2/media/upload}, and X's error bodies. The API
 * counts calls per token and endpoint in X's 15-minute windows (75 for {@code /2/users/me}, 100 for
 * {@code POST /2/tweets}, or what {@link #limitCalls} sets), answers every call with its
 * {@code x-rate-limit-*} headers, and a call past the limit with X's 429 until the window ends.
 */
public class XTestServer extends TestOAuthServer<XTestServer.User> {

    public static final String AUTHORIZE = "/i/oauth2/authorize";
    public static final String TOKEN = "/2/oauth2/token";
    public static final String USERS_ME = "/2/users/me";
    public static final String REVOKE = "/2/oauth2/revoke";
    public static final String TWEETS = "/2/tweets";
    public static final String MEDIA_UPLOAD = "/2/media/upload";
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(30);
    /** X's body for a used, expired or unknown code or refresh token. */
    public static final String USED_TOKEN_BODY = """
            {"error":"invalid_request","error_description":"Value passed for the token was invalid."}""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STATE = 500;
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Map<String, Integer> LIMITS = Map.of(USERS_ME, 75, TWEETS, 100);
    private static final Set<String> MEDIA_CATEGORIES = Set.of("tweet_image", "tweet_gif", "tweet_video", "amplify_video",
            "dm_image", "dm_gif", "dm_video", "subtitles");
    private static final String UNAUTHORIZED = """
            {"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""";
    private static final String INVALID_REQUEST = """
            {"title":"Invalid Request","detail":"One or more parameters to your request was invalid.",\
            "type":"https://api.twitter.com/2/problems/invalid-request","status":400}""";

    /** A token's calls to one endpoint in its current window, which ends on a whole second as X's reset header says. */
    private record Window(int limit, Instant reset, int used) {
    }

    private record Rule(int limit, Duration window) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    /** Uploaded media by id: the user who uploaded it, the only one who may attach it to a post. */
    private final Map<String, User> media = new ConcurrentHashMap<>();

    public record User(String id, String name, String username, String profileImageUrl) {
    }

    public XTestServer(Supplier<String> registeredRedirectUri) {
        // the secret holds + / =, which the form-urlencoding of RFC 6749 2.3.1 changes inside Basic credentials
        super("x", AUTHORIZE, TOKEN, new Rules("x-test-client", CANARY + "x-client-secret+/=",
                List.of("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"), " ",
                Pkce.REQUIRED, ClientAuthentication.BASIC, CODE_LIFETIME, Duration.ofHours(2)), registeredRedirectUri);
        route("GET", USERS_ME, this::me);
        route("POST", TWEETS, this::tweet);
        route("POST", MEDIA_UPLOAD, this::uploadMedia);
        revokeEndpoint(REVOKE);
    }

    /** X's 429: a problem body and the {@code x-rate-limit-*} headers, the reset as epoch seconds. */
    public static PlatformAnswer rateLimited(Instant reset) {
        return rateLimited(75, reset);
    }

    private static PlatformAnswer rateLimited(int limit, Instant reset) {
        return PlatformAnswer.json(429, """
                        {"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""")
                .withHeader("x-rate-limit-limit", String.valueOf(limit))
                .withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", String.valueOf(reset.getEpochSecond()));
    }

    /** From now, {@code accessToken} may call {@code path} {@code limit} times a {@code window} (a short one for tests). */
    public void limitCalls(String accessToken, String path, int limit, Duration window) {
        rules.put(accessToken + " " + path, new Rule(limit, window));
        windows.remove(accessToken + " " + path);
    }

    @Override
    public void reset() {
        super.reset();
        windows.clear();
        rules.clear();
        media.clear();
    }

    /** Rotating, single use; the lifetime is undocumented (about 6 months, reported), so it never ends here. */
    @Override
    protected Optional<RefreshRules> refreshRules() {
        return Optional.of(new RefreshRules(true, true, null, false));
    }

    @Override
    protected PlatformAnswer revoked() {
        return PlatformAnswer.json(200, "{\"revoked\":true}");
    }

    @Override
    protected PlatformAnswer unavailableAnswer() {
        return PlatformAnswer.json(503, """
                {"title":"Service Unavailable","detail":"Service Unavailable","type":"about:blank","status":503}""");
    }

    @Override
    protected PlatformAnswer rateLimitedAnswer() {
        return rateLimited(Instant.now().plusSeconds(60));
    }

    @Override
    protected List<String> platformChecks(PlatformRequest request) {
        String state = request.query("state");
        return state != null && state.length() > MAX_STATE ? List.of("X takes a state of at most 500 characters") : List.of();
    }

    /** X's answer to a used, expired or unknown code or token. */
    @Override
    protected PlatformAnswer invalidGrant() {
        return PlatformAnswer.json(400, USED_TOKEN_BODY);
    }

    @Override
    protected PlatformAnswer invalidClient() {
        return PlatformAnswer.json(401, """
                {"error":"unauthorized_client","error_description":"Missing valid authorization header"}""");
    }

    @Override
    protected PlatformAnswer invalidRequest() {
        return PlatformAnswer.json(400, """
                {"error":"invalid_request","error_description":"Missing required parameter."}""");
    }

    @Override
    protected String tokenJson(Issued tokens, List<String> scopes) {
        ObjectNode body = JSON.createObjectNode()
                .put("token_type", "bearer")
                .put("expires_in", tokens.accessLifetime().toSeconds())
                .put("access_token", tokens.accessToken())
                .put("scope", String.join(" ", scopes));
        if (scopes.contains("offline.access") && tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken());
        }
        return body.toString();
    }

    /**
     * {@code POST /2/tweets} as the user: 201 with the new post's id and text, X's 401 for any other
     * token; {@code media.media_ids} must name media this user uploaded, else X's 400.
     */
    private PlatformAnswer tweet(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return PlatformAnswer.json(401, UNAUTHORIZED);
        }
        String contentType = request.headers().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return refuse(List.of("POST /2/tweets takes a JSON body"), PlatformAnswer.json(400, INVALID_REQUEST));
        }
        JsonNode mediaIds = readJson(request.body()).at("/media/media_ids");
        for (JsonNode id : mediaIds) {
            if (!user.equals(media.get(id.asText()))) {
                return PlatformAnswer.json(400, """
                        {"errors":[{"parameters":{"media.media_ids":["%s"]},"message":"Your media IDs are invalid."}],\
                        "title":"Invalid Request","detail":"One or more parameters to your request was invalid.",\
                        "type":"https://api.twitter.com/2/problems/invalid-request"}""".formatted(id.asText()));
            }
        }
        return counted(request, TWEETS, () -> PlatformAnswer.json(201, "{\"data\":{\"id\":\"" + System.nanoTime() + "\",\"text\":\"posted\"}}"));
    }

    /**
     * The v2 simple upload, {@code POST /2/media/upload}: a multipart form with the file in
     * {@code media} and a {@code media_category}; answers the media id a post attaches, or X's 400
     * for a form without them or a file that is not an image it knows.
     */
    private PlatformAnswer uploadMedia(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return PlatformAnswer.json(401, UNAUTHORIZED);
        }
        MultipartForm form = MultipartForm.of(request).orElse(null);
        byte[] file = form == null ? null : form.part("media").orElse(null);
        String category = form == null ? null : form.text("media_category").orElse(null);
        if (file == null || file.length == 0 || category == null || !MEDIA_CATEGORIES.contains(category)) {
            return PlatformAnswer.json(400, INVALID_REQUEST);
        }
        String type = imageType(file);
        if (type == null) {
            return PlatformAnswer.json(400, INVALID_REQUEST);
        }
        String id = String.valueOf(System.nanoTime());
        media.put(id, user);
        ObjectNode data = JSON.createObjectNode().put("id", id).put("media_key", "3_" + id).put("size", file.length)
                .put("expires_after_secs", 86_400);
        data.putObject("image").put("image_type", type).put("w", 1).put("h", 1);
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        return PlatformAnswer.json(200, body.toString());
    }

    /** The image type by the file's magic number, as X sniffs it; null for anything else. */
    private static String imageType(byte[] file) {
        if (file.length > 8 && (file[0] & 0xff) == 0x89 && file[1] == 'P' && file[2] == 'N' && file[3] == 'G') {
            return "image/png";
        }
        if (file.length > 3 && (file[0] & 0xff) == 0xff && (file[1] & 0xff) == 0xd8) {
            return "image/jpeg";
        }
        return null;
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }

    /** The answer with the window's {@code x-rate-limit-*} headers, this call counted; X's 429 past the limit. */
    private PlatformAnswer counted(PlatformRequest request, String path, Supplier<PlatformAnswer> answer) {
        String key = request.bearer().orElseThrow() + " " + path;
        Rule rule = rules.getOrDefault(key, new Rule(LIMITS.get(path), WINDOW));
        Instant now = Instant.now();
        Window window = windows.compute(key, (k, current) -> current == null || !now.isBefore(current.reset())
                ? new Window(rule.limit(), Instant.ofEpochSecond(now.plus(rule.window()).getEpochSecond() + 1), 1)
                : new Window(current.limit(), current.reset(), current.used() + 1));
        if (window.used() > window.limit()) {
            return rateLimited(window.limit(), window.reset());
        }
        return answer.get().withHeader("x-rate-limit-limit", String.valueOf(window.limit()))
                .withHeader("x-rate-limit-remaining", String.valueOf(window.limit() - window.used()))
                .withHeader("x-rate-limit-reset", String.valueOf(window.reset().getEpochSecond()));
    }

    private PlatformAnswer me(PlatformRequest request) {
        User user = bearerUser(request).orElse(null);
        if (user == null) {
            return PlatformAnswer.json(401, UNAUTHORIZED);
        }
        // id, name and username always; anything else only when asked for in user.fields
        String fields = request.query("user.fields");
        Set<String> asked = fields == null ? Set.of() : Set.of(fields.split(","));
        ObjectNode data = JSON.createObjectNode().put("id", user.id()).put("name", user.name()).put("username", user.username());
        if (asked.contains("profile_image_url")) {
            data.put("profile_image_url", user.profileImageUrl());
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        return counted(request, USERS_ME, () -> PlatformAnswer.json(200, body.toString()));
    }
}
