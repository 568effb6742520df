package dev.mooring.api.platform.linkedin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestOAuthServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * LinkedIn's 3-legged OAuth as platforms.md section 3 has it: no PKCE, client id and secret in the
 * form body, space-separated scopes, a 60-day access token with no refresh token for ordinary apps,
 * the OpenID {@code /v2/userinfo} profile, and LinkedIn's {@code {status, serviceErrorCode, code,
 * message}} errors.
 */
public class LinkedInTestServer extends TestOAuthServer<LinkedInTestServer.Member> {

    public static final String AUTHORIZE = "/oauth/v2/authorization";
    public static final String TOKEN = "/oauth/v2/accessToken";
    public static final String USERINFO = "/v2/userinfo";
    public static final long ACCESS_TOKEN_SECONDS = 5_184_000; // 60 days

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Member(String sub, String givenName, String familyName, String picture, String email) {
        public String name() {
            return givenName + " " + familyName;
        }
    }

    public LinkedInTestServer(Supplier<String> registeredRedirectUri) {
        super("linkedin", AUTHORIZE, TOKEN, new Rules("linkedin-test-client", CANARY + "linkedin-client-secret",
                List.of("openid", "profile", "w_member_social"), " ",
                Pkce.REFUSED, ClientAuthentication.FORM, Duration.ofMinutes(30)), registeredRedirectUri);
        route("GET", USERINFO, this::userinfo);
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

    /** No refresh token: only approved partners get one. LinkedIn lists the granted scopes with commas. */
    @Override
    protected String tokenJson(Issued tokens, List<String> scopes) {
        return JSON.createObjectNode()
                .put("access_token", tokens.accessToken())
                .put("expires_in", ACCESS_TOKEN_SECONDS)
                .put("scope", String.join(",", scopes))
                .put("token_type", "Bearer")
                .put("id_token", tokens.accessToken().replace("-access-", "-id-token-"))
                .toString();
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
