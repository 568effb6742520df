package dev.mooring.api.platform;

import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test servers refuse what their platforms refuse, and keep what was broken, so the connect
 * tests' "no violations" means something. Driven by hand-made requests, without Mooring.
 */
class PlatformTestServersTest {

    private static final String REDIRECT = "http://localhost:8080/v1/accounts/connect/%s/complete";
    // a verifier and its S256 challenge
    private static final String VERIFIER = "dBjftJeZ4CVP-mJ0kfHbqsKL0BXB_XVsvmNhNmvxXvI";
    private static final String CHALLENGE = "W10Kw_skZDKUoUFc2KLkRe9cCPWUUadg7rrKaaa4b4E";
    private static final XTestServer.User ADA = new XTestServer.User("1", "Ada", "ada", "https://pbs.twimg.com/ada.jpg");

    final XTestServer x = new XTestServer(() -> REDIRECT.formatted("x"));
    final LinkedInTestServer linkedIn = new LinkedInTestServer(() -> REDIRECT.formatted("linkedin"));
    final PinterestTestServer pinterest = new PinterestTestServer(() -> REDIRECT.formatted("pinterest"));
    final Browser browser = new Browser();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        x.close();
        linkedIn.close();
        pinterest.close();
    }

    @Test
    void xIssuesACodeForAnAuthorizationThatKeepsItsRules() {
        x.approves("s1", ADA);

        Page back = browser.open(authorize(x, XTestServer.AUTHORIZE, xAuthorization("s1")));

        assertThat(back.location().toString()).startsWith(REDIRECT.formatted("x") + "?code=canary-x-code-");
        assertThat(back.locationParameter("state")).isEqualTo("s1");
        assertThat(x.violations()).isEmpty();
    }

    @Test
    void xRefusesAnAuthorizationWithoutPkceOrWithCommaSeparatedScopes() {
        Map<String, String> noPkce = xAuthorization("s1");
        noPkce.remove("code_challenge");
        Map<String, String> commas = xAuthorization("s2");
        commas.put("scope", "tweet.read,tweet.write,users.read,offline.access");

        assertThat(browser.open(authorize(x, XTestServer.AUTHORIZE, noPkce)).status()).isEqualTo(400);
        assertThat(browser.open(authorize(x, XTestServer.AUTHORIZE, commas)).status()).isEqualTo(400);
        assertThat(x.violations()).anyMatch(v -> v.contains("PKCE is required")).anyMatch(v -> v.contains("scope must be"));
    }

    @Test
    void anAuthorizationForAnotherRedirectUriIsNeverRedirected() {
        Map<String, String> elsewhere = xAuthorization("s1");
        elsewhere.put("redirect_uri", "https://evil.example/callback");

        Page page = browser.open(authorize(x, XTestServer.AUTHORIZE, elsewhere));

        assertThat(page.status()).isEqualTo(400);
        assertThat(x.violations()).anyMatch(v -> v.contains("redirect_uri must be"));
    }

    @Test
    void linkedInRefusesPkce() {
        Map<String, String> withPkce = linkedInAuthorization("s1");
        withPkce.put("code_challenge", CHALLENGE);
        withPkce.put("code_challenge_method", "S256");

        assertThat(browser.open(authorize(linkedIn, LinkedInTestServer.AUTHORIZE, withPkce)).status()).isEqualTo(400);
        assertThat(linkedIn.violations()).anyMatch(v -> v.contains("PKCE must not be sent"));
    }

    @Test
    void xWantsTheClientSecretInBasicNotInTheBody() {
        String code = xCode("s1");

        HttpResponse<String> answer = post(x.url(XTestServer.TOKEN), null, Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT.formatted("x"), "code_verifier", VERIFIER,
                "client_id", x.clientId(), "client_secret", x.clientSecret()));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(x.violations()).anyMatch(v -> v.contains("HTTP Basic")).anyMatch(v -> v.contains("must not also be in the body"));
    }

    @Test
    void basicCredentialsAreFormUrlencodedFirst() {
        String code = xCode("s1");
        // the X test secret holds + / =, which a client that skips RFC 6749 2.3.1 sends as they are
        String unencoded = "Basic " + Base64.getEncoder().encodeToString(
                (x.clientId() + ":" + x.clientSecret()).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> answer = post(x.url(XTestServer.TOKEN), unencoded, xExchange(code));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(x.violations()).anyMatch(v -> v.contains("HTTP Basic"));
    }

    @Test
    void xAnswersAVerifierThatDoesNotMatchTheChallengeWithInvalidRequest() {
        String code = xCode("s1");
        Map<String, String> exchange = new LinkedHashMap<>(xExchange(code));
        exchange.put("code_verifier", VERIFIER.replace('d', 'e'));

        HttpResponse<String> answer = post(x.url(XTestServer.TOKEN), xBasic(), exchange);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(x.violations()).anyMatch(v -> v.contains("code_verifier does not match"));
    }

    @Test
    void xCodesAreSingleUseAndLiveThirtySeconds() {
        String used = xCode("s1");
        String stale = xCode("s2");

        HttpResponse<String> first = post(x.url(XTestServer.TOKEN), xBasic(), xExchange(used));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"access_token\":\"canary-x-access-", "\"refresh_token\":\"canary-x-refresh-");
        HttpResponse<String> again = post(x.url(XTestServer.TOKEN), xBasic(), xExchange(used));
        x.advanceClock(XTestServer.CODE_LIFETIME.plusSeconds(1));
        HttpResponse<String> late = post(x.url(XTestServer.TOKEN), xBasic(), xExchange(stale));

        for (HttpResponse<String> refused : List.of(again, late)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"invalid_request\"", "Value passed for the token was invalid.");
        }
        assertThat(x.violations()).as("a used or stale code is the platform's ordinary answer, not a broken rule").isEmpty();
    }

    @Test
    void linkedInWantsTheClientSecretInTheFormBody() {
        linkedIn.approves("s1", new LinkedInTestServer.Member("abc", "Lise", "Meitner", "https://media.licdn.com/l.jpg", "l@example.org"));
        String code = browser.open(authorize(linkedIn, LinkedInTestServer.AUTHORIZE, linkedInAuthorization("s1"))).locationParameter("code");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (linkedIn.clientId() + ":" + linkedIn.clientSecret()).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> answer = post(linkedIn.url(LinkedInTestServer.TOKEN), basic, Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT.formatted("linkedin")));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(linkedIn.violations()).anyMatch(v -> v.contains("client_secret must be in the form body"));
    }

    @Test
    void aTokenRequestMustBeFormEncoded() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(pinterest.url(PinterestTestServer.TOKEN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"authorization_code\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(pinterest.violations()).anyMatch(v -> v.contains("application/x-www-form-urlencoded"));
    }

    private Map<String, String> xAuthorization(String state) {
        Map<String, String> query = authorization(x, "tweet.read tweet.write users.read offline.access", state);
        query.put("code_challenge", CHALLENGE);
        query.put("code_challenge_method", "S256");
        return query;
    }

    private Map<String, String> linkedInAuthorization(String state) {
        return authorization(linkedIn, "openid profile w_member_social", state);
    }

    private static Map<String, String> authorization(TestOAuthServer<?> platform, String scope, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", platform.clientId());
        query.put("redirect_uri", REDIRECT.formatted(platform.name()));
        query.put("scope", scope);
        query.put("state", state);
        return query;
    }

    private String xCode(String state) {
        x.approves(state, ADA);
        return browser.open(authorize(x, XTestServer.AUTHORIZE, xAuthorization(state))).locationParameter("code");
    }

    private static Map<String, String> xExchange(String code) {
        return Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT.formatted("x"),
                "code_verifier", VERIFIER);
    }

    private String xBasic() {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(x.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(x.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static URI authorize(TestHttpServer server, String path, Map<String, String> query) {
        return URI.create(server.url(path) + "?" + form(query));
    }

    private HttpResponse<String> post(URI url, String authorization, Map<String, String> fields) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
