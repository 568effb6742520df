package dev.mooring.api.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    private static final LinkedInTestServer.Member LISE = new LinkedInTestServer.Member("abc", "Lise", "Meitner",
            "https://media.licdn.com/l.jpg", "l@example.org");
    private static final PinterestTestServer.User PIN = new PinterestTestServer.User("549755885175", "pin", "Pin Co",
            "https://i.pinimg.com/p.jpg", List.of(new PinterestTestServer.Board("b1", "Ideas")));

    final XTestServer x = new XTestServer(() -> REDIRECT.formatted("x"));
    final LinkedInTestServer linkedIn = new LinkedInTestServer(() -> REDIRECT.formatted("linkedin"));
    final PinterestTestServer pinterest = new PinterestTestServer(() -> REDIRECT.formatted("pinterest"));
    final Browser browser = new Browser();
    // HTTP/1.1 as Mooring talks: the JDK's default would ask every test server for an h2c upgrade
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
        commas.put("scope", "tweet.read,tweet.write,users.read,media.write,offline.access");

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

    // --- refresh, revoke and outages -------------------------------------------------------------

    @Test
    void xRotatesRefreshTokensAndAReplayKillsTheWholeGrant() {
        JsonNode connected = xTokens("s1");
        String first = connected.get("refresh_token").asText();

        JsonNode refreshed = json(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(first)), 200);
        String second = refreshed.get("refresh_token").asText();
        String access = refreshed.get("access_token").asText();
        assertThat(second).startsWith("canary-x-refresh-").isNotEqualTo(first);
        assertThat(refreshed.get("expires_in").asLong()).isEqualTo(7200);
        assertThat(xMe(access).statusCode()).isEqualTo(200);

        HttpResponse<String> replay = post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(first));

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).isEqualTo(XTestServer.USED_TOKEN_BODY);
        assertThat(xMe(access).statusCode()).as("the replay killed the current access token").isEqualTo(401);
        HttpResponse<String> successor = post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(second));
        assertThat(successor.statusCode()).as("and the successor refresh token").isEqualTo(400);
        assertThat(x.refreshesWith(first)).isEqualTo(2);
        assertThat(x.refreshesWith(second)).isEqualTo(1);
        assertThat(x.refreshTokensPresentedMoreThanOnce()).containsExactly(first);
        assertThat(x.refreshTokensIssuedTo(ADA)).containsExactly(first, second);
        assertThat(x.violations()).as("a dead refresh token is the platform's answer, not a broken rule").isEmpty();
    }

    @Test
    void xRefusesAnUnknownRefreshTokenAndRefreshesOnlyForItsClient() {
        String refresh = xTokens("s1").get("refresh_token").asText();

        HttpResponse<String> unknown = post(x.url(XTestServer.TOKEN), xBasic(), xRefresh("canary-x-refresh-made-up"));
        HttpResponse<String> noBasic = post(x.url(XTestServer.TOKEN), null, xRefresh(refresh));

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo(XTestServer.USED_TOKEN_BODY);
        assertThat(noBasic.statusCode()).isEqualTo(401);
        assertThat(noBasic.body()).contains("\"error\":\"unauthorized_client\"", "Missing valid authorization header");
        assertThat(x.refreshesWith(refresh)).as("a refused client never reaches the grant").isZero();
        assertThat(x.violations()).anyMatch(v -> v.contains("HTTP Basic"));
    }

    @Test
    void refusedClientCredentialsLeaveTheRefreshTokenUnused() {
        String refresh = xTokens("s1").get("refresh_token").asText();
        x.refuseClientCredentials(true);

        HttpResponse<String> refused = post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("unauthorized_client");
        assertThat(x.violations()).as("the client sent what it was given").isEmpty();
        x.refuseClientCredentials(false);
        assertThat(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh)).statusCode()).isEqualTo(200);
        assertThat(x.refreshesWith(refresh)).isEqualTo(1);
    }

    @Test
    void xRevokeKillsTheGrantAndIsRecorded() {
        JsonNode tokens = xTokens("s1");
        String access = tokens.get("access_token").asText();
        String refresh = tokens.get("refresh_token").asText();

        HttpResponse<String> withoutClient = post(x.url(XTestServer.REVOKE), null, Map.of("token", access));
        assertThat(withoutClient.statusCode()).isEqualTo(401);
        assertThat(xMe(access).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = post(x.url(XTestServer.REVOKE), xBasic(),
                Map.of("token", refresh, "token_type_hint", "refresh_token"));

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).isEqualTo("{\"revoked\":true}");
        assertThat(xMe(access).statusCode()).isEqualTo(401);
        assertThat(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh)).statusCode()).isEqualTo(400);
        assertThat(x.revocationsOf(ADA)).singleElement().satisfies(revocation -> {
            assertThat(revocation.token()).isEqualTo(refresh);
            assertThat(revocation.tokenTypeHint()).isEqualTo("refresh_token");
        });
        assertThat(x.revocations()).hasSize(1);
    }

    @Test
    void accessTokensDieAtTheirLifetimeAndWhenTheUserRevokesThem() {
        x.accessTokensLive(Duration.ofSeconds(60));
        JsonNode tokens = xTokens("s1");
        String access = tokens.get("access_token").asText();
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(60);

        x.advanceClock(Duration.ofSeconds(61));
        assertThat(xMe(access).statusCode()).isEqualTo(401);
        JsonNode refreshed = json(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(tokens.get("refresh_token").asText())), 200);
        String renewed = refreshed.get("access_token").asText();
        assertThat(xMe(renewed).statusCode()).isEqualTo(200);

        x.revokeAccessTokensOf(ADA);
        assertThat(xMe(renewed).statusCode()).isEqualTo(401);
        assertThat(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refreshed.get("refresh_token").asText())).statusCode())
                .as("the refresh token outlives its access tokens").isEqualTo(200);

        x.revokeGrantsOf(ADA);
        assertThat(x.accessTokensIssuedTo(ADA)).noneMatch(x::accepts);
    }

    @Test
    void anOutageAnswersWithoutTheEndpointActingUntilSwitchedBack() throws Exception {
        JsonNode tokens = xTokens("s1");
        String access = tokens.get("access_token").asText();
        String refresh = tokens.get("refresh_token").asText();

        x.outage(XTestServer.TOKEN, TestHttpServer.Failure.UNAVAILABLE);
        HttpResponse<String> down = post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(xMe(access).statusCode()).as("only the token endpoint is down").isEqualTo(200);
        assertThat(x.refreshesWith(refresh)).isZero();

        x.outage(TestHttpServer.Failure.RATE_LIMITED);
        HttpResponse<String> limited = xMe(access);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("x-rate-limit-reset").orElseThrow()))
                .isGreaterThan(Instant.now().getEpochSecond());

        x.outage(TestHttpServer.Failure.HANG);
        HttpRequest stalled = HttpRequest.newBuilder(x.url(XTestServer.USERS_ME)).header("Authorization", "Bearer " + access)
                .timeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> http.send(stalled, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        x.endOutage();
        assertThat(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh)).statusCode()).isEqualTo(200);
        assertThat(x.refreshesWith(refresh)).isEqualTo(1);
    }

    @Test
    void aLostAnswerStillRotatedTheToken() {
        String refresh = xTokens("s1").get("refresh_token").asText();
        x.answerNext(XTestServer.TOKEN, PlatformAnswer.text(502, "bad gateway"));

        assertThat(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh)).statusCode()).isEqualTo(502);
        assertThat(post(x.url(XTestServer.TOKEN), xBasic(), xRefresh(refresh)).statusCode())
                .as("the platform acted on the first request: the token is used").isEqualTo(400);
        assertThat(x.refreshTokensPresentedMoreThanOnce()).containsExactly(refresh);
    }

    @Test
    void aSlowTokenEndpointRotatesAtOnceAndAnswersLate() throws Exception {
        String refresh = xTokens("s1").get("refresh_token").asText();
        x.delay(XTestServer.TOKEN, Duration.ofSeconds(2));
        HttpRequest slow = HttpRequest.newBuilder(x.url(XTestServer.TOKEN)).timeout(Duration.ofMillis(500))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", xBasic())
                .POST(HttpRequest.BodyPublishers.ofString(form(xRefresh(refresh)))).build();

        assertThatThrownBy(() -> http.send(slow, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        assertThat(x.refreshesWith(refresh)).as("the platform acted before the client gave up").isEqualTo(1);
        assertThat(x.refreshTokensIssuedTo(ADA)).hasSize(2);
    }

    @Test
    void linkedInPartnerRefreshKeepsTheTokenAndNeverExtendsItsEnd() {
        linkedIn.partnerApp(true);
        JsonNode tokens = linkedInTokens("s1");
        String refresh = tokens.get("refresh_token").asText();
        assertThat(tokens.get("refresh_token_expires_in").asLong()).isEqualTo(Duration.ofDays(365).toSeconds());

        linkedIn.advanceClock(Duration.ofDays(59));
        JsonNode day59 = json(post(linkedIn.url(LinkedInTestServer.TOKEN), null, linkedInRefresh(refresh)), 200);
        assertThat(day59.get("refresh_token").asText()).isEqualTo(refresh);
        assertThat(day59.get("refresh_token_expires_in").asLong()).isBetween(Duration.ofDays(306).toSeconds() - 5, Duration.ofDays(306).toSeconds());
        assertThat(day59.get("expires_in").asLong()).isEqualTo(LinkedInTestServer.ACCESS_TOKEN_SECONDS);
        assertThat(day59.has("id_token")).isFalse();

        linkedIn.advanceClock(Duration.ofDays(301));
        JsonNode day360 = json(post(linkedIn.url(LinkedInTestServer.TOKEN), null, linkedInRefresh(refresh)), 200);
        assertThat(day360.get("expires_in").asLong()).as("the access token ends with the refresh token")
                .isBetween(Duration.ofDays(5).toSeconds() - 5, Duration.ofDays(5).toSeconds());

        linkedIn.advanceClock(Duration.ofDays(6));
        HttpResponse<String> past = post(linkedIn.url(LinkedInTestServer.TOKEN), null, linkedInRefresh(refresh));
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("\"error\":\"invalid_grant\"");
        assertThat(linkedIn.refreshesWith(refresh)).isEqualTo(3);
        assertThat(linkedIn.violations()).isEmpty();
    }

    @Test
    void linkedInGivesOrdinaryAppsNoRefreshTokenAndRefusesTheirRefresh() {
        JsonNode tokens = linkedInTokens("s1");
        assertThat(tokens.has("refresh_token")).isFalse();

        HttpResponse<String> refused = post(linkedIn.url(LinkedInTestServer.TOKEN), null, linkedInRefresh("canary-linkedin-refresh-1"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"error\":\"unauthorized_client\"");
        assertThat(linkedIn.violations()).anyMatch(v -> v.contains("gets no refresh tokens"));
    }

    @Test
    void linkedInRevokeTakesTheClientInTheFormAndKillsTheToken() {
        String access = linkedInTokens("s1").get("access_token").asText();

        HttpResponse<String> wrongSecret = post(linkedIn.url(LinkedInTestServer.REVOKE), null,
                Map.of("client_id", linkedIn.clientId(), "client_secret", "wrong", "token", access));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("\"error\":\"invalid_client\"");
        HttpResponse<String> revoked = post(linkedIn.url(LinkedInTestServer.REVOKE), null,
                Map.of("client_id", linkedIn.clientId(), "client_secret", linkedIn.clientSecret(), "token", access));

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(get(linkedIn.url(LinkedInTestServer.USERINFO), access).statusCode()).isEqualTo(401);
        assertThat(linkedIn.revocationsOf(LISE)).extracting(TestOAuthServer.Revocation::token).containsExactly(access);
    }

    @Test
    void pinterestRotatesRefreshTokensWithFreshEnds() {
        JsonNode tokens = pinterestTokens("s1", Map.of());
        String first = tokens.get("refresh_token").asText();
        long firstEnd = tokens.get("refresh_token_expires_at").asLong();

        pinterest.advanceClock(Duration.ofDays(20));
        JsonNode refreshed = json(post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestRefresh(first, Map.of())), 200);

        String second = refreshed.get("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(refreshed.get("refresh_token_expires_in").asLong()).isEqualTo(PinterestTestServer.REFRESH_LIFETIME.toSeconds());
        assertThat(refreshed.get("refresh_token_expires_at").asLong()).isGreaterThanOrEqualTo(firstEnd + Duration.ofDays(20).toSeconds());
        HttpResponse<String> old = post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestRefresh(first, Map.of()));
        assertThat(old.statusCode()).isEqualTo(400);
        assertThat(post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestRefresh(second, Map.of())).statusCode())
                .as("an old token's refusal does not kill its successor").isEqualTo(200);
        HttpResponse<String> badClient = post(pinterest.url(PinterestTestServer.TOKEN), null, pinterestRefresh(second, Map.of()));
        assertThat(badClient.statusCode()).isEqualTo(401);
        assertThat(badClient.body()).isEqualTo("{\"code\":2,\"message\":\"Authentication failed.\"}");
    }

    @Test
    void aPinterestAppFromBefore20250925MustAskForContinuousRefresh() {
        pinterest.createdBefore20250925(true);
        pinterest.approves("s1", PIN);
        String code = browser.open(authorize(pinterest, PinterestTestServer.AUTHORIZE, pinterestAuthorization("s1"))).locationParameter("code");

        HttpResponse<String> without = post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestExchange(code, Map.of()));
        assertThat(without.statusCode()).isEqualTo(400);
        assertThat(pinterest.violations()).anyMatch(v -> v.contains("continuous_refresh=true"));

        JsonNode tokens = pinterestTokens("s2", Map.of("continuous_refresh", "true"));
        String refresh = tokens.get("refresh_token").asText();
        assertThat(post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestRefresh(refresh, Map.of())).statusCode())
                .isEqualTo(400);
        assertThat(post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(),
                pinterestRefresh(refresh, Map.of("continuous_refresh", "true"))).statusCode()).isEqualTo(200);
    }

    @Test
    void pinterestListsBoardsByBookmarkAndRefusesWhatPinterestRefuses() {
        PinterestTestServer.User collector = new PinterestTestServer.User("549755885199", "collector", "Collector", null,
                List.of(new PinterestTestServer.Board("b1", "One", "https://i.pinimg.com/c1.jpg"),
                        new PinterestTestServer.Board("b2", "Two"), new PinterestTestServer.Board("b3", "Three")));
        pinterest.approves("s1", collector);
        String code = browser.open(authorize(pinterest, PinterestTestServer.AUTHORIZE, pinterestAuthorization("s1"))).locationParameter("code");
        String access = json(post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestExchange(code, Map.of())), 200)
                .get("access_token").asText();

        JsonNode first = json(get(URI.create(pinterest.url(PinterestTestServer.BOARDS) + "?page_size=2"), access), 200);
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.at("/items/0/media/image_cover_url").asText()).isEqualTo("https://i.pinimg.com/c1.jpg");
        assertThat(first.at("/items/1/media/image_cover_url").isNull()).isTrue();
        JsonNode second = json(get(URI.create(pinterest.url(PinterestTestServer.BOARDS) + "?page_size=2&bookmark="
                + first.get("bookmark").asText()), access), 200);
        assertThat(second.at("/items/0/id").asText()).isEqualTo("b3");
        assertThat(second.get("bookmark").isNull()).as("the last list").isTrue();
        assertThat(pinterest.violations()).isEmpty();

        HttpResponse<String> wrongToken = get(URI.create(pinterest.url(PinterestTestServer.BOARDS) + "?page_size=2"), "not-a-pinterest-token");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).isEqualTo("{\"code\":2,\"message\":\"Authentication failed.\"}");
        assertThat(pinterest.violations()).as("a dead token is the platform's answer, no client fault").isEmpty();

        assertThat(get(URI.create(pinterest.url(PinterestTestServer.BOARDS) + "?page_size=251"), access).statusCode()).isEqualTo(400);
        assertThat(get(URI.create(pinterest.url(PinterestTestServer.BOARDS) + "?bookmark=made-up"), access).statusCode()).isEqualTo(400);
        assertThat(pinterest.violations()).anyMatch(v -> v.contains("page_size must be 1 to 250"))
                .anyMatch(v -> v.contains("did not hand out"));
    }

    @Test
    void pinterestHasNoRevokeEndpoint() {
        assertThat(pinterest.mooringSettings()).doesNotContainKey("mooring.pinterest.revoke-url");
        assertThat(x.mooringSettings()).containsEntry("mooring.x.revoke-url", x.url(XTestServer.REVOKE).toString());
        assertThat(linkedIn.mooringSettings()).containsEntry("mooring.linkedin.revoke-url", linkedIn.url(LinkedInTestServer.REVOKE).toString());

        HttpResponse<String> answer = post(pinterest.url("/v5/oauth/revoke"), pinterestBasic(), Map.of("token", "canary-pinterest-access-1"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(pinterest.violations()).anyMatch(v -> v.contains("no endpoint POST /v5/oauth/revoke"));
    }

    @Test
    void linkedInImagesNeedTheVersionHeadersAndTheirBytesTheOwnersToken() throws Exception {
        String token = linkedIn.grant(LISE).accessToken();
        String initialize = "{\"initializeUploadRequest\":{\"owner\":\"urn:li:person:abc\"}}";

        HttpResponse<String> unversioned = send(HttpRequest.newBuilder(linkedIn.url(LinkedInTestServer.IMAGES + "?action=initializeUpload"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(initialize)));
        assertThat(unversioned.statusCode()).isEqualTo(426);
        assertThat(linkedIn.violations()).anyMatch(v -> v.contains("LinkedIn-Version"));

        JsonNode value = json(send(HttpRequest.newBuilder(linkedIn.url(LinkedInTestServer.IMAGES + "?action=initializeUpload"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("LinkedIn-Version", "202511").header("X-Restli-Protocol-Version", "2.0.0")
                .POST(HttpRequest.BodyPublishers.ofString(initialize))), 200).get("value");
        URI uploadUrl = URI.create(value.get("uploadUrl").asText());
        assertThat(uploadUrl.toString()).startsWith(linkedIn.uploadOrigin().toString()).doesNotStartWith(linkedIn.url("").toString());

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uploadUrl).PUT(HttpRequest.BodyPublishers.ofString("bytes")));
        HttpResponse<String> owners = send(HttpRequest.newBuilder(uploadUrl).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString("bytes")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(owners.statusCode()).isEqualTo(201);
        assertThat(linkedIn.uploads()).hasSize(2);
    }

    @Test
    void xTakesASimpleMediaUploadAsAMultipartForm() throws Exception {
        String token = x.grant(ADA).accessToken();
        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media_category\"\r\n\r\ntweet_image\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n\r\n";
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(form.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        JsonNode uploaded = json(send(HttpRequest.newBuilder(x.url(XTestServer.MEDIA_UPLOAD)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))), 200);
        HttpResponse<String> notAnImage = send(HttpRequest.newBuilder(x.url(XTestServer.MEDIA_UPLOAD)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form + "plain text\r\n--" + boundary + "--\r\n")));

        assertThat(uploaded.at("/data/size").asInt()).isEqualTo(png.length);
        assertThat(uploaded.at("/data/image/image_type").asText()).isEqualTo("image/png");
        assertThat(notAnImage.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode xTokens(String state) {
        return json(post(x.url(XTestServer.TOKEN), xBasic(), xExchange(xCode(state))), 200);
    }

    private static Map<String, String> xRefresh(String refreshToken) {
        return Map.of("grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    private HttpResponse<String> xMe(String accessToken) {
        return get(x.url(XTestServer.USERS_ME), accessToken);
    }

    private JsonNode linkedInTokens(String state) {
        linkedIn.approves(state, LISE);
        String code = browser.open(authorize(linkedIn, LinkedInTestServer.AUTHORIZE, linkedInAuthorization(state))).locationParameter("code");
        return json(post(linkedIn.url(LinkedInTestServer.TOKEN), null, Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT.formatted("linkedin"),
                "client_id", linkedIn.clientId(), "client_secret", linkedIn.clientSecret())), 200);
    }

    private Map<String, String> linkedInRefresh(String refreshToken) {
        return Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", linkedIn.clientId(), "client_secret", linkedIn.clientSecret());
    }

    private Map<String, String> pinterestAuthorization(String state) {
        return authorization(pinterest, "boards:read,boards:write,pins:read,pins:write,user_accounts:read", state);
    }

    private JsonNode pinterestTokens(String state, Map<String, String> extra) {
        pinterest.approves(state, PIN);
        String code = browser.open(authorize(pinterest, PinterestTestServer.AUTHORIZE, pinterestAuthorization(state))).locationParameter("code");
        return json(post(pinterest.url(PinterestTestServer.TOKEN), pinterestBasic(), pinterestExchange(code, extra)), 200);
    }

    private static Map<String, String> pinterestExchange(String code, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT.formatted("pinterest")));
        form.putAll(extra);
        return form;
    }

    private static Map<String, String> pinterestRefresh(String refreshToken, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        form.putAll(extra);
        return form;
    }

    private String pinterestBasic() {
        return "Basic " + Base64.getEncoder().encodeToString((pinterest.clientId() + ":" + pinterest.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(URI url, String bearer) {
        try {
            return http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + bearer).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        try {
            return new ObjectMapper().readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, String> xAuthorization(String state) {
        Map<String, String> query = authorization(x, "tweet.read tweet.write users.read media.write offline.access", state);
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
