package dev.mooring.api.platform.facebook;

import dev.mooring.api.platform.MetaTestServer;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.MetaTestServers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Facebook Login and the Graph API as platforms.md section 4 documents them: the versioned login
 * dialog; {@code oauth/access_token} as a GET with the secret in the query (no Basic auth) for the
 * code and for {@code fb_exchange_token}; {@code /me/accounts} with Page tokens, paged by
 * {@code paging.next}; {@code debug_token} authenticated as {@code app_id|app_secret}; an app with
 * "Require App Secret" on ({@link #requireAppSecretProof(boolean)}), which refuses calls made with a
 * user token unless they carry {@code appsecret_proof}; Graph errors ({@code OAuthException}
 * 190 with its subcodes, rate limits, missing permissions); and on every answer to a Page's call
 * Graph's usage headers, {@code X-App-Usage} and {@code X-Business-Use-Case-Usage} (type
 * {@code pages}), in percent (counted per Page here, one percent a call, so tests stay apart).
 */
public final class FacebookTestServer extends MetaTestServer<FacebookTestServer.User> {

    public static final String SCOPE = "pages_show_list,pages_manage_posts,pages_read_engagement,business_management";
    private static final String PAGE_FIELDS = "id,name,access_token,picture{url},tasks";
    /** Graph may answer fewer items than {@code limit}; two a list makes three Pages take two lists. */
    private static final int PAGES_PER_LIST = 2;
    private static final AtomicInteger IDS = new AtomicInteger(1000);

    public record Page(String id, String name, String pictureUrl) {
    }

    /** A Facebook user and the Pages they manage; the flags make their next calls fail as Facebook's do. */
    public static final class User {
        private final String id;
        private final List<Page> pages;
        private volatile Integer killedWithSubcode;
        private volatile Integer rateLimitCode;
        private volatile boolean appTokenRefused;
        private volatile boolean permissionMissing;

        private User(String id, List<Page> pages) {
            this.id = id;
            this.pages = pages;
        }

        public List<Page> pages() {
            return pages;
        }

        /** Every token of this user dies, e.g. 460 after a password change. */
        public void killTokens(int subcode) {
            killedWithSubcode = subcode;
        }

        /** {@code debug_token} on this user's Page tokens answers a rate limit (HTTP 400). */
        public void rateLimit(int code) {
            rateLimitCode = code;
        }

        /** {@code debug_token} refuses the app token, as when Mooring's app secret is wrong. */
        public void refuseAppToken() {
            appTokenRefused = true;
        }

        /** {@code /me/accounts} answers that {@code pages_show_list} was not granted. */
        public void withoutPagePermission() {
            permissionMissing = true;
        }
    }

    private record PageToken(User user, Page page) {
    }

    private final String version;
    private final Map<String, User> shortLived = new ConcurrentHashMap<>();
    private final Map<String, User> longLived = new ConcurrentHashMap<>();
    private final Map<String, PageToken> pageTokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pageCalls = new ConcurrentHashMap<>();
    private volatile boolean appSecretRequired;

    public FacebookTestServer(String version, Clock clock) {
        this(version, clock, MetaTestServers::mooringUrl);
    }

    /** A server of its own for the Mooring listening at {@code mooringUrl}, apart from the shared ones. */
    public FacebookTestServer(String version, Clock clock, Supplier<String> mooringUrl) {
        super("facebook", "fb-app-" + IDS.incrementAndGet(), "fb-app-secret-" + SECRET_MARKER, SCOPE, clock, mooringUrl);
        this.version = version;
        route("GET", "/" + version + "/dialog/oauth", request -> authorize(request, ""));
        route("GET", "/" + version + "/oauth/access_token", this::accessToken);
        route("GET", "/" + version + "/me/accounts", this::pages);
        route("GET", "/" + version + "/debug_token", this::debugToken);
        route("GET", "/" + version + "/me", this::pageMe);
    }

    /** The app's "Require App Secret" switch in the Meta dashboard. */
    public void requireAppSecretProof(boolean required) {
        appSecretRequired = required;
    }

    public User userWithPages(int count) {
        String userId = "fbuser-" + IDS.incrementAndGet();
        List<Page> pages = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String pageId = "fbpage-" + IDS.incrementAndGet();
            pages.add(new Page(pageId, "Page " + i + " of " + userId, "https://scontent.test/" + pageId + ".jpg"));
        }
        return new User(userId, List.copyOf(pages));
    }

    /**
     * The Page's token, as {@code /me/accounts} hands it out, for tests that connect the Page
     * directly; calls with it reach {@code /me} (the Page) and {@code POST /<page id>/feed}.
     */
    public String pageTokenOf(User user, Page page) {
        route("POST", path(page.id() + "/feed"), request -> asPage(request, page,
                json(200, Map.of("id", page.id() + "_" + IDS.incrementAndGet()))));
        return pageToken(user, page);
    }

    private PlatformAnswer pageMe(PlatformRequest request) {
        PageToken token = pageTokens.get(String.valueOf(request.accessToken()));
        return token == null ? graphError(400, 190, null, "Invalid OAuth access token - Cannot parse access token")
                : asPage(request, token.page(), json(200, Map.of("id", token.page().id(), "name", token.page().name())));
    }

    /** {@code answer} for a call made with this Page's live token (and its proof when required); Graph's refusal else. */
    private PlatformAnswer asPage(PlatformRequest request, Page page, PlatformAnswer answer) {
        PageToken token = pageTokens.get(String.valueOf(request.accessToken()));
        if (token == null || !token.page().equals(page)) {
            return graphError(400, 190, null, "Invalid OAuth access token - Cannot parse access token");
        }
        if (token.user().killedWithSubcode != null) {
            return graphError(400, 190, token.user().killedWithSubcode, "Error validating access token.");
        }
        PlatformAnswer noProof = appSecretProofRefusal(request);
        return noProof != null ? noProof : withUsage(page, answer);
    }

    /** Graph's usage headers after one more call of {@code page}. */
    private PlatformAnswer withUsage(Page page, PlatformAnswer answer) {
        int percent = Math.min(100, pageCalls.computeIfAbsent(page.id(), id -> new AtomicInteger()).incrementAndGet());
        return answer.withHeader("X-App-Usage", "{\"call_count\":" + percent + ",\"total_cputime\":1,\"total_time\":1}")
                .withHeader("X-Business-Use-Case-Usage", "{\"" + page.id() + "\":[{\"type\":\"pages\",\"call_count\":" + percent
                        + ",\"total_cputime\":1,\"total_time\":2,\"estimated_time_to_regain_access\":0}]}");
    }

    /** The path of a versioned Graph call, as Mooring must make it. */
    public String path(String call) {
        return "/" + version + "/" + call;
    }

    private PlatformAnswer accessToken(PlatformRequest request) {
        if (request.headers().containsKey("Authorization")) {
            return graphError(400, 1, null, "client credentials go in the query, not in an Authorization header");
        }
        if (!clientSecret().equals(request.query("client_secret"))) {
            return graphError(400, 1, null, "Error validating client secret.");
        }
        if ("fb_exchange_token".equals(request.param("grant_type"))) {
            User user = shortLived.get(String.valueOf(request.param("fb_exchange_token")));
            if (user == null || !clientId().equals(request.param("client_id"))) {
                return graphError(400, 190, null, "Invalid OAuth access token.");
            }
            return token(longLived, user, 5_183_944);
        }
        User user = redeem(request);
        if (user == null) {
            return graphError(400, 100, 36009, "This authorization code has been used, has expired or does not match.");
        }
        return token(shortLived, user, 5_183);
    }

    private PlatformAnswer token(Map<String, User> tokens, User user, long expiresIn) {
        String token = issue(tokens == longLived ? "fb-long-user-token" : "fb-short-user-token");
        tokens.put(token, user);
        return json(200, Map.of("access_token", token, "token_type", "bearer", "expires_in", expiresIn));
    }

    // Page tokens that never expire come only from a long-lived user token: short ones are refused here
    private PlatformAnswer pages(PlatformRequest request) {
        User user = longLived.get(String.valueOf(request.accessToken()));
        if (user == null) {
            return graphError(400, 190, null, "Invalid OAuth access token: a long-lived user token is needed.");
        }
        if (user.killedWithSubcode != null) {
            return graphError(400, 190, user.killedWithSubcode, "Error validating access token.");
        }
        PlatformAnswer noProof = appSecretProofRefusal(request);
        if (noProof != null) {
            return noProof;
        }
        if (user.permissionMissing) {
            return graphError(403, 200, null, "(#200) Requires pages_show_list permission to manage the object");
        }
        if (!PAGE_FIELDS.equals(request.param("fields"))) {
            return graphError(400, 100, null, "fields must be " + PAGE_FIELDS);
        }
        int from = request.param("after") == null ? 0 : Integer.parseInt(request.param("after"));
        int to = Math.min(user.pages.size(), from + Math.min(PAGES_PER_LIST, Integer.parseInt(request.param("limit"))));
        List<Map<String, Object>> data = new ArrayList<>();
        for (Page page : user.pages.subList(from, to)) {
            data.add(Map.of("id", page.id(), "name", page.name(), "access_token", pageToken(user, page),
                    "picture", Map.of("data", Map.of("url", page.pictureUrl(), "is_silhouette", false)),
                    "tasks", List.of("ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE")));
        }
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("cursors", Map.of("before", String.valueOf(from), "after", String.valueOf(to)));
        if (to < user.pages.size()) {
            paging.put("next", url(path("me/accounts")) + "?access_token=" + request.accessToken()
                    + "&fields=" + PAGE_FIELDS.replace("{", "%7B").replace("}", "%7D")
                    + "&limit=" + request.param("limit") + "&after=" + to);
        }
        return json(200, Map.of("data", data, "paging", paging));
    }

    /** Graph's refusal of a user-token call without a correct proof, when the app requires one; else null. */
    private PlatformAnswer appSecretProofRefusal(PlatformRequest request) {
        if (!appSecretRequired) {
            return null;
        }
        String proof = request.param("appsecret_proof");
        if (proof == null) {
            return graphError(400, 100, null, "API calls from the server require an appsecret_proof argument");
        }
        return proof.equals(hmacSha256Hex(clientSecret(), request.accessToken()))
                ? null : graphError(400, 100, null, "Invalid appsecret_proof provided in the API argument");
    }

    private static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pageToken(User user, Page page) {
        return pageTokens.entrySet().stream()
                .filter(entry -> entry.getValue().page().equals(page))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseGet(() -> {
                    String token = issue("fb-page-token");
                    pageTokens.put(token, new PageToken(user, page));
                    return token;
                });
    }

    private PlatformAnswer debugToken(PlatformRequest request) {
        PageToken inspected = pageTokens.get(String.valueOf(request.param("input_token")));
        boolean appToken = (clientId() + "|" + clientSecret()).equals(request.param("access_token"));
        if (!appToken || (inspected != null && inspected.user().appTokenRefused)) {
            return graphError(400, 190, null, "Invalid OAuth access token - Cannot parse access token");
        }
        if (inspected != null && inspected.user().rateLimitCode != null) {
            return graphError(400, inspected.user().rateLimitCode, null, "(#" + inspected.user().rateLimitCode + ") Application request limit reached");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("app_id", clientId());
        data.put("type", "PAGE");
        data.put("expires_at", 0);
        if (inspected == null || inspected.user().killedWithSubcode != null) {
            data.put("is_valid", false);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", 190);
            error.put("message", "Error validating access token: the session has been invalidated.");
            if (inspected != null) {
                error.put("subcode", inspected.user().killedWithSubcode);
            }
            data.put("error", error);
        } else {
            data.put("is_valid", true);
            data.put("profile_id", inspected.page().id());
            data.put("user_id", inspected.user().id);
            data.put("issued_at", clock().instant().getEpochSecond());
            data.put("scopes", List.of(SCOPE.split(",")));
        }
        return json(200, Map.of("data", data));
    }
}
