package dev.mooring.api.platform.linkedin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestOAuthServer;

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
import java.util.function.Supplier;

/**
 * LinkedIn's 3-legged OAuth as platforms.md section 3 has it: no PKCE, client id and secret in the
 * form body, space-separated scopes, a 60-day access token with no refresh token for ordinary apps;
 * an approved partner app ({@link #partnerApp(boolean)}) also gets a refresh token that does not
 * rotate and ends 365 days after the first consent whatever is refreshed (each new access token
 * capped at that end); the revoke endpoint; an OpenID {@code id_token} (an RS256 JWT naming the
 * member) with the code exchange; the OpenID {@code /v2/userinfo} profile, and LinkedIn's
 * {@code {status, serviceErrorCode, code, message}} errors.
 */
public class LinkedInTestServer extends TestOAuthServer<LinkedInTestServer.Member> {

    public static final String AUTHORIZE = "/oauth/v2/authorization";
    public static final String TOKEN = "/oauth/v2/accessToken";
    public static final String USERINFO = "/v2/userinfo";
    public static final String POSTS = "/rest/posts";
    public static final String REVOKE = "/oauth/v2/revoke";
    public static final long ACCESS_TOKEN_SECONDS = 5_184_000; // 60 days
    public static final Duration PARTNER_REFRESH_LIFETIME = Duration.ofDays(365);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ISSUER = "https://www.linkedin.com/oauth";

    private final KeyPair signingKey = rsaKey();
    private volatile boolean partner;
    private volatile boolean idTokens = true;

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
        revokeEndpoint(REVOKE);
    }

    /**
     * {@code POST /rest/posts} as the member: it needs {@code LinkedIn-Version} and
     * {@code X-Restli-Protocol-Version: 2.0.0}, and answers 201 with the post's URN in {@code x-restli-id}.
     */
    private PlatformAnswer post(PlatformRequest request) {
        if (bearerUser(request).isEmpty()) {
            return PlatformAnswer.json(401, """
                    {"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}""");
        }
        String version = request.headers().getFirst("LinkedIn-Version");
        if (version == null || !version.matches("\\d{6}") || !"2.0.0".equals(request.headers().getFirst("X-Restli-Protocol-Version"))) {
            return refuse(List.of("/rest calls need LinkedIn-Version: YYYYMM and X-Restli-Protocol-Version: 2.0.0"),
                    PlatformAnswer.json(426, """
                            {"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version is not active"}"""));
        }
        return new PlatformAnswer(201, Map.of("x-restli-id", "urn:li:share:" + System.nanoTime()), "", false);
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
        partner = false;
        idTokens = true;
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
