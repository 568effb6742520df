package dev.mooring.api.platform.linkedin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestOAuthServer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * LinkedIn's 3-legged OAuth as platforms.md section 3 has it: no PKCE, client id and secret in the
 * form body, space-separated scopes, a 60-day access token with no refresh token for ordinary apps;
 * an approved partner app ({@link #partnerApp(boolean)}) also gets a refresh token that does not
 * rotate and ends 365 days after the first consent whatever is refreshed (each new access token
 * capped at that end); the revoke endpoint; an OpenID {@code id_token} (an RS256 JWT naming the
 * member) with the code exchange; the OpenID {@code /v2/userinfo} profile; posts, with an image
 * first registered ({@code POST /rest/images?action=initializeUpload}) and its bytes PUT to the
 * upload URL that answers, on an upload host of its own ({@link #uploadOrigin()}); and LinkedIn's
 * {@code {status, serviceErrorCode, code, message}} errors.
 */
public class LinkedInTestServer extends TestOAuthServer<LinkedInTestServer.Member> {

    public static final String AUTHORIZE = "/oauth/v2/authorization";
    public static final String TOKEN = "/oauth/v2/accessToken";
    public static final String USERINFO = "/v2/userinfo";
    public static final String POSTS = "/rest/posts";
    public static final String IMAGES = "/rest/images";
    public static final String UPLOADS = "/dms-uploads/sp/";
    public static final String REVOKE = "/oauth/v2/revoke";
    public static final long ACCESS_TOKEN_SECONDS = 5_184_000; // 60 days
    public static final Duration PARTNER_REFRESH_LIFETIME = Duration.ofDays(365);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ISSUER = "https://www.linkedin.com/oauth";

    private final KeyPair signingKey = rsaKey();
    private volatile boolean partner;
    private volatile boolean idTokens = true;
    /** Images registered by initializeUpload, by URN: whose, and whether their bytes arrived. */
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final LinkedInUploadHost uploadHost = new LinkedInUploadHost(this::upload);

    private record Image(Member owner, boolean uploaded) {
    }

    public record Member(String sub, String givenName, String familyName, String picture, String email) {
        public String name() {
            return givenName + " " + familyName;
        }
    }

    public LinkedInTestServer(Supplier<String> registeredRedirectUri) {
        super("linkedin", AUTHORIZE, TOKEN, new Rules("linkedin-test-client", CANARY + "linkedin-client-secret",
                List.of("openid", "profile", "w_member_social"), " ",
                Pkce.REFUSED, ClientAuthentication.FORM, Duration.ofMinutes(30), Duration.ofSeconds(ACCESS_TOKEN_SECONDS)),
                registeredRedirectUri);
        route("GET", USERINFO, this::userinfo);
        route("POST", POSTS, this::post);
        route("POST", IMAGES, this::initializeUpload);
        revokeEndpoint(REVOKE);
    }

    /** The origin of the upload URLs this server hands out, which the proxy must have among LinkedIn's upload origins. */
    public URI uploadOrigin() {
        return uploadHost.url("");
    }

    /** The requests that reached the upload host. */
    public List<PlatformRequest> uploads() {
        return uploadHost.uploads();
    }

    /**
     * {@code POST /rest/posts} as the member: it needs {@code LinkedIn-Version} and
     * {@code X-Restli-Protocol-Version: 2.0.0}, and answers 201 with the post's URN in
     * {@code x-restli-id}; an image in {@code content.media.id} must be the member's and uploaded.
     */
    private PlatformAnswer post(PlatformRequest request) {
        Member member = bearerUser(request).orElse(null);
        if (member == null) {
            return invalidAccessToken();
        }
        PlatformAnswer unversioned = versionRefusal(request);
        if (unversioned != null) {
            return unversioned;
        }
        String media = readJson(request.body()).at("/content/media/id").asText(null);
        if (media != null) {
            Image image = images.get(media);
            if (image == null || !image.owner().equals(member) || !image.uploaded()) {
                return PlatformAnswer.json(422, """
                        {"status":422,"message":"ERROR :: /content/media/id :: the image is not available: %s"}""".formatted(media));
            }
        }
        return new PlatformAnswer(201, Map.of("x-restli-id", "urn:li:share:" + System.nanoTime()), "", false);
    }

    /**
     * {@code POST /rest/images?action=initializeUpload} for an image the member owns: versioned as
     * every {@code /rest} call; answers the image's URN and a one-off upload URL on the upload host.
     */
    private PlatformAnswer initializeUpload(PlatformRequest request) {
        Member member = bearerUser(request).orElse(null);
        if (member == null) {
            return invalidAccessToken();
        }
        PlatformAnswer unversioned = versionRefusal(request);
        if (unversioned != null) {
            return unversioned;
        }
        if (!"initializeUpload".equals(request.query("action"))) {
            return PlatformAnswer.json(400, """
                    {"status":400,"code":"ILLEGAL_ARGUMENT","message":"Unsupported action"}""");
        }
        String owner = readJson(request.body()).at("/initializeUploadRequest/owner").asText(null);
        if (owner == null) {
            return PlatformAnswer.json(422, """
                    {"status":422,"message":"ERROR :: /initializeUploadRequest/owner :: field is required but not found and has no default value"}""");
        }
        if (!owner.equals("urn:li:person:" + member.sub())) {
            return PlatformAnswer.json(403, """
                    {"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: images.CREATE"}""");
        }
        String id = "D4E10AQ" + System.nanoTime();
        images.put("urn:li:image:" + id, new Image(member, false));
        ObjectNode value = JSON.createObjectNode()
                .put("uploadUrlExpiresAt", now().plus(Duration.ofDays(1)).toEpochMilli())
                .put("uploadUrl", uploadHost.url(UPLOADS + id + "/uploaded-image/0?ca=vector_feedshare&cn=uploads").toString())
                .put("image", "urn:li:image:" + id);
        ObjectNode body = JSON.createObjectNode();
        body.set("value", value);
        return PlatformAnswer.json(200, body.toString());
    }

    /** The bytes of a registered image, PUT with the owner's token; 201 as LinkedIn answers it. */
    private PlatformAnswer upload(PlatformRequest request) {
        if (!request.method().equals("PUT") || !request.path().startsWith(UPLOADS)) {
            return refuse(List.of("the upload host takes PUT " + UPLOADS + "..., not " + request.method() + " " + request.path()),
                    PlatformAnswer.text(404, "not found"));
        }
        String urn = "urn:li:image:" + request.path().substring(UPLOADS.length()).split("/")[0];
        Member member = bearerUser(request).orElse(null);
        Image image = images.get(urn);
        if (member == null || image == null || !image.owner().equals(member)) {
            return invalidAccessToken();
        }
        if (request.bytes().length == 0) {
            return PlatformAnswer.json(400, """
                    {"status":400,"message":"Empty upload"}""");
        }
        images.put(urn, new Image(member, true));
        return PlatformAnswer.status(201);
    }

    /** LinkedIn's refusal of a {@code /rest} call without its version headers, or null when they are there. */
    private PlatformAnswer versionRefusal(PlatformRequest request) {
        String version = request.headers().getFirst("LinkedIn-Version");
        if (version == null || !version.matches("\\d{6}") || !"2.0.0".equals(request.headers().getFirst("X-Restli-Protocol-Version"))) {
            return refuse(List.of("/rest calls need LinkedIn-Version: YYYYMM and X-Restli-Protocol-Version: 2.0.0"),
                    PlatformAnswer.json(426, """
                            {"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version is not active"}"""));
        }
        return null;
    }

    private static PlatformAnswer invalidAccessToken() {
        return PlatformAnswer.json(401, """
                {"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}""");
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }

    /** Whether the app is an approved partner (MDP / Community Management), the only kind given refresh tokens. */
    public void partnerApp(boolean approved) {
        partner = approved;
    }

    /** Whether the code exchange answers an {@code id_token} (it does whenever {@code openid} is granted). */
    public void issuesIdTokens(boolean issued) {
        idTokens = issued;
    }

    @Override
    public void reset() {
        super.reset();
        uploadHost.reset();
        images.clear();
        partner = false;
        idTokens = true;
    }

    /** The upload host's broken requirements too: it is part of this platform. */
    @Override
    public List<String> violations() {
        return Stream.concat(super.violations().stream(), uploadHost.violations().stream()).toList();
    }

    @Override
    public void close() {
        super.close();
        uploadHost.close();
    }

    @Override
    protected Optional<RefreshRules> refreshRules() {
        return partner ? Optional.of(new RefreshRules(false, false, PARTNER_REFRESH_LIFETIME, true)) : Optional.empty();
    }

    /** RFC 6749 5.2's answer to a grant type this client may not use; LinkedIn documents none of its own. */
    @Override
    protected PlatformAnswer refreshNotAllowed() {
        return PlatformAnswer.json(400, """
                {"error":"unauthorized_client","error_description":"The client is not authorized to use this grant type"}""");
    }

    @Override
    protected PlatformAnswer invalidRefreshToken() {
        return PlatformAnswer.json(400, """
                {"error":"invalid_grant","error_description":"The provided authorization grant or refresh token is invalid, expired or revoked"}""");
    }

    @Override
    protected PlatformAnswer unavailableAnswer() {
        return unavailable();
    }

    /** LinkedIn sends no Retry-After: its limits are per day. */
    @Override
    protected PlatformAnswer rateLimitedAnswer() {
        return PlatformAnswer.json(429, """
                {"status":429,"message":"Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}""");
    }

    /** 65601: what LinkedIn answers for a token the member revoked, and reportedly, briefly, for a fresh one. */
    public static PlatformAnswer revokedAccessToken() {
        return PlatformAnswer.json(401, """
                {"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN",\
                "message":"The token used in the request has been revoked by the user"}""");
    }

    public static PlatformAnswer unavailable() {
        return PlatformAnswer.json(503, """
                {"status":503,"message":"Service Unavailable"}""");
    }

    @Override
    protected Map<String, String> denial() {
        return Map.of("error", "user_cancelled_authorize", "error_description", "The user cancelled the authorization");
    }

    @Override
    protected PlatformAnswer invalidGrant() {
        return PlatformAnswer.json(400, """
                {"error":"invalid_request","error_description":"Unable to retrieve access token: appid/redirect uri/\
                code verifier does not match authorization code. Or authorization code expired. Or external member \
                binding exists"}""");
    }

    @Override
    protected PlatformAnswer invalidClient() {
        return PlatformAnswer.json(401, """
                {"error":"invalid_client","error_description":"Client authentication failed"}""");
    }

    @Override
    protected PlatformAnswer invalidRequest() {
        return PlatformAnswer.json(400, """
                {"error":"invalid_request","error_description":"A required parameter is missing or invalid"}""");
    }

    /**
     * A refresh token only for partners, its {@code refresh_token_expires_in} counting down to the
     * fixed end. LinkedIn lists the granted scopes with commas.
     */
    @Override
    protected String tokenJson(Issued tokens, List<String> scopes) {
        ObjectNode body = JSON.createObjectNode()
                .put("access_token", tokens.accessToken())
                .put("expires_in", tokens.accessLifetime().toSeconds());
        if (tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken()).put("refresh_token_expires_in", tokens.refreshTokenExpiresIn(now()));
        }
        body.put("scope", String.join(",", scopes)).put("token_type", "Bearer");
        if (!tokens.byRefresh() && idTokens) {
            body.put("id_token", idToken(userOf(tokens.accessToken())));
        }
        return body.toString();
    }

    /** The claims LinkedIn's OpenID id_token carries, signed as LinkedIn signs them (RS256). */
    private String idToken(Member member) {
        long now = now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("aud", clientId())
                .put("iat", now)
                .put("exp", now + 3600)
                .put("sub", member.sub())
                .put("name", member.name())
                .put("given_name", member.givenName())
                .put("family_name", member.familyName())
                .put("picture", member.picture())
                .put("email", member.email())
                .put("email_verified", true)
                .put("locale", "en_US");
        String signingInput = base64Url("{\"kid\":\"test-key\",\"alg\":\"RS256\"}") + "." + base64Url(claims.toString());
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private PlatformAnswer userinfo(PlatformRequest request) {
        Member member = bearerUser(request).orElse(null);
        if (member == null) {
            return PlatformAnswer.json(401, """
                    {"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}""");
        }
        ObjectNode body = JSON.createObjectNode()
                .put("sub", member.sub())
                .put("email_verified", true)
                .put("name", member.name())
                .put("given_name", member.givenName())
                .put("family_name", member.familyName())
                .put("email", member.email())
                .put("picture", member.picture());
        body.putObject("locale").put("country", "US").put("language", "en");
        return PlatformAnswer.json(200, body.toString());
    }
}
