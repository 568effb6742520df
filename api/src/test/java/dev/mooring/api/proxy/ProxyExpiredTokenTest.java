package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestHttpServer;
import dev.mooring.api.platform.TestOAuthServer;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A token that expires between two proxied calls, against the platforms' test servers refusing it
 * as each platform does (X's 401, Bluesky's 400 {@code ExpiredToken}, Graph's 190/463): one renewal
 * through the lifecycle, however many calls meet the expiry together, and the call replayed with the
 * new token when its body was kept; a streamed body answers {@code token_refreshed_retry}; a dead
 * grant revokes the account ({@code token.revoked}); a token endpoint that is down revokes nothing.
 * Room for {@value #CONCURRENT} calls of one workspace at once ({@code MOORING_LIMITS_UPSTREAM_CALLS}).
 */
@ProxyTest
@TestPropertySource(properties = "mooring.limits.upstream-calls=" + (ProxyExpiredTokenTest.CONCURRENT + 4))
class ProxyExpiredTokenTest {

    static final int CONCURRENT = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    WebTestClient http;
    @Autowired
    XTestServer x;
    @Autowired
    TestPds pds;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;
    XTestServer.User user;
    WebhookReceiver receiver;

    @BeforeEach
    void workspace() {
        tenant = accounts.tenant();
        long n = System.nanoTime();
        user = new XTestServer.User("x-exp-" + n, "Exp", "exp" + n, "https://pbs.twimg.test/exp.jpg");
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void anXTokenThatExpiredBetweenTwoCallsIsRenewedOnceAndTheSecondCallSucceedsWithTheNewOne() throws Exception {
        TestOAuthServer.Issued issued = x.grant(user);
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, user.id(), issued);
        assertThat(tweet(id, "{\"text\":\"first\"}").statusCode()).isEqualTo(201);

        x.expireAccessTokensOf(user);
        HttpResponse<String> second = tweet(id, "{\"text\":\"second\"}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(second.headers().firstValue("x-mooring-platform-status")).hasValue("201");
        assertThat(x.refreshesWith(issued.refreshToken())).as("one refresh grant").isEqualTo(1);
        assertThat(x.refreshes()).isEqualTo(1);
        String renewed = newestAccessToken();
        assertThat(renewed).isNotEqualTo(issued.accessToken());
        List<PlatformRequest> tweets = x.requests(XTestServer.TWEETS);
        assertThat(tweets).extracting(request -> request.bearer().orElseThrow())
                .containsExactly(issued.accessToken(), issued.accessToken(), renewed);
        assertThat(tweets.get(2).body()).as("the same body, replayed").isEqualTo("{\"text\":\"second\"}");
        assertThat(second.body() + second.headers().map()).doesNotContain(issued.accessToken(), renewed);
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void twentyCallsThatMeetTheExpiredTokenTogetherCauseExactlyOneRefreshAndAllSucceed() throws Exception {
        TestOAuthServer.Issued issued = x.grant(user);
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, user.id(), issued);
        x.expireAccessTokensOf(user);
        // a slow token endpoint, so every call meets the expiry while the one refresh is under way
        x.delay(XTestServer.TOKEN, Duration.ofMillis(800));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, CONCURRENT)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        awaitStart(start);
                        return get(id, "/2/users/me");
                    }, callers)).toList();
            start.countDown();

            List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

            assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
        } finally {
            callers.shutdownNow();
        }
        assertThat(x.refreshes()).as("refresh grants the platform saw").isEqualTo(1);
        assertThat(x.refreshesWith(issued.refreshToken())).isEqualTo(1);
        assertThat(x.refreshTokensIssuedTo(user)).hasSize(2);
        List<String> bearers = x.requests(XTestServer.USERS_ME).stream().map(request -> request.bearer().orElseThrow()).toList();
        assertThat(bearers).filteredOn(issued.accessToken()::equals).as("calls that met the expired token").hasSizeGreaterThan(1);
        assertThat(bearers).filteredOn(newestAccessToken()::equals).hasSize(CONCURRENT);
    }

    @Test
    void aBodyOverTheReplayLimitAnswersTokenRefreshedRetryAndReachedThePlatformOnce() throws Exception {
        TestOAuthServer.Issued issued = x.grant(user);
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, user.id(), issued);
        x.expireAccessTokensOf(user);
        String large = "{\"text\":\"" + "a".repeat(1024 * 1024) + "\"}"; // past the default 1 MB

        HttpResponse<String> streamed = tweet(id, large);

        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(409);
        assertThat(code(streamed)).isEqualTo("token_refreshed_retry");
        assertThat(json.readTree(streamed.body()).at("/error/message").asText()).contains("MOORING_PROXY_REPLAY_MAX_BODY");
        assertThat(x.calls(XTestServer.TWEETS)).as("the platform saw the body once").isEqualTo(1);
        assertThat(x.requests(XTestServer.TWEETS).get(0).body()).hasSize(large.length());
        assertThat(x.refreshes()).as("the refresh did happen").isEqualTo(1);

        HttpResponse<String> again = tweet(id, large);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(x.requests(XTestServer.TWEETS).get(1).bearer()).hasValue(newestAccessToken());
        assertThat(x.refreshes()).isEqualTo(1);
    }

    @Test
    void aGrantRevokedUpstreamRevokesTheAccountSendsTokenRevokedAndAnswersPlatformAuthFailed() throws Exception {
        WebhookApi.Endpoint endpoint = new WebhookApi(http, tenant).create(receiver.url(), List.of("token.revoked"));
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, user.id(), x.grant(user));
        x.revokeGrantsOf(user);

        HttpResponse<String> refused = get(id, "/2/users/me");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(code(refused)).isEqualTo("platform_auth_failed");
        assertThat(x.refreshes()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("revoked");
        await().atMost(PATIENCE).until(() -> !receiver.received().isEmpty());
        JsonNode hook = json.readTree(receiver.received().get(0).body());
        assertThat(hook.get("type").asText()).isEqualTo("token.revoked");
        assertThat(hook.at("/data/accountId").asText()).isEqualTo(id.value());
        assertThat(hook.at("/data/code").asText()).isEqualTo("platform_auth_failed");
        assertThat(endpoint.id()).isNotBlank();

        HttpResponse<String> after = get(id, "/2/users/me");
        assertThat(after.statusCode()).isEqualTo(422);
        assertThat(x.calls(XTestServer.USERS_ME)).as("nothing sent for a revoked account").isEqualTo(1);
    }

    @Test
    void aTokenEndpointThatIsDownAnswersPlatformUnavailableAndRevokesNothing() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, user.id(), x.grant(user));
        x.expireAccessTokensOf(user);
        x.outage(XTestServer.TOKEN, TestHttpServer.Failure.UNAVAILABLE);

        HttpResponse<String> down = get(id, "/2/users/me");

        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(code(down)).isEqualTo("platform_unavailable");
        assertThat(down.headers().firstValue("x-mooring-platform-status")).as("Mooring's answer, not the platform's").isEmpty();
        assertThat(x.calls(XTestServer.TOKEN)).isEqualTo(1);
        assertThat(status(id)).isEqualTo("active");

        x.endOutage();
        HttpResponse<String> recovered = get(id, "/2/users/me");
        assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void anExpiredBlueskyAccessJwtIsRenewedWithTheRefreshJwtAndTheCallReplayed() throws Exception {
        TestPds.Account account = pds.createAccount("expiry-" + System.nanoTime() + ".test");
        HttpResponse<String> connected = proxy.send("POST", "/v1/accounts/connect/bluesky/complete", tenant.key(),
                Map.of("Content-Type", "application/json"),
                json.writeValueAsString(Map.of("identifier", account.handle(), "appPassword", pds.createAppPassword(account))));
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
        AccountId id = new AccountId(json.readTree(connected.body()).get("id").asText());
        String profile = "/xrpc/app.bsky.actor.getProfile?actor=" + account.did();
        assertThat(get(id, profile).statusCode()).isEqualTo(200);
        int loginsBefore = pds.loginAttempts(account);
        int profilesBefore = pds.requests("/xrpc/app.bsky.actor.getProfile").size();

        pds.advance(Duration.ofHours(3)); // past the access JWT's 2 hours, well inside the refresh JWT's 90 days
        HttpResponse<String> later = get(id, profile);

        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(json.readTree(later.body()).get("handle").asText()).isEqualTo(account.handle());
        assertThat(pds.refreshes(account)).as("one refreshSession").isEqualTo(1);
        assertThat(pds.loginAttempts(account)).as("no new login").isEqualTo(loginsBefore);
        List<String> bearers = pds.requests("/xrpc/app.bsky.actor.getProfile").stream()
                .map(request -> request.bearer().orElseThrow()).toList();
        assertThat(bearers).as("the expired call and its replay").hasSize(profilesBefore + 2);
        assertThat(bearers.get(profilesBefore)).isEqualTo(bearers.get(profilesBefore - 1));
        assertThat(bearers.get(profilesBefore + 1)).as("the replay carries the renewed access JWT").isNotEqualTo(bearers.get(profilesBefore));
        pds.assertNoSecretIn(later.body() + later.headers().map());
    }

    @Test
    void aGraphPageTokenWhoseSessionExpiredIsCheckedOnceAndTheDeadGrantRevoked() throws Exception {
        FacebookTestServer facebook = MetaTestServers.facebook();
        FacebookTestServer.User owner = facebook.userWithPages(1);
        FacebookTestServer.Page page = owner.pages().get(0);
        // a Page token never expires as far as Facebook says: no expiry, nothing to refresh it with
        AccountId id = proxy.connected(tenant.workspace(), Platform.FACEBOOK, page.id(),
                new PlainCredentials(facebook.pageTokenOf(owner, page), null, null, null, null, null));
        String me = "/" + MetaTestServers.FACEBOOK_GRAPH_VERSION + "/me?fields=id,name";
        assertThat(get(id, me).statusCode()).isEqualTo(200);
        owner.killTokens(463);

        HttpResponse<String> expired = get(id, me);

        // a Page token has nothing to refresh with: renewing it is the lifecycle's check, which Graph refuses with 190 too
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(422);
        assertThat(code(expired)).isEqualTo("platform_auth_failed");
        assertThat(status(id)).isEqualTo("revoked");
    }

    @Test
    void aThreadsTokenTooYoungToRefreshLeavesGraphsOwnExpiryAnswerAndTheAccountAsTheyWere() throws Exception {
        LongLivedTokenTestServer threads = MetaTestServers.threads();
        LongLivedTokenTestServer.User thread = threads.user("expiry");
        AccountId id = proxy.connected(tenant.workspace(), Platform.THREADS, thread.id(), threads.longLivedTokenOf(thread));
        thread.killTokens(463);
        int refreshesBefore = threads.requests("/refresh_access_token").size();

        HttpResponse<String> expired = get(id, threads.profilePath() + "?fields=id,username,name,threads_profile_picture_url");

        assertThat(expired.statusCode()).as("Graph's own answer, passed through").isEqualTo(400);
        assertThat(json.readTree(expired.body()).at("/error/code").asInt()).isEqualTo(190);
        assertThat(json.readTree(expired.body()).at("/error/error_subcode").asInt()).isEqualTo(463);
        assertThat(expired.headers().firstValue("x-mooring-platform-status")).hasValue("400");
        assertThat(threads.requests("/refresh_access_token")).as("Threads refreshes only tokens a day old").hasSize(refreshesBefore);
        assertThat(status(id)).isEqualTo("active");
    }

    private String newestAccessToken() {
        List<String> issued = x.accessTokensIssuedTo(user);
        return issued.get(issued.size() - 1);
    }

    private HttpResponse<String> tweet(AccountId id, String body) {
        return proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/2/tweets", tenant.key(),
                Map.of("Content-Type", "application/json"), body);
    }

    private HttpResponse<String> get(AccountId id, String pathAndQuery) {
        return proxy.send("GET", "/v1/accounts/" + id.value() + "/proxy" + pathAndQuery, tenant.key(), Map.of(), null);
    }

    private String code(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body()).at("/error/code").asText();
    }

    private String status(AccountId id) {
        return accounts.read(tenant.workspace(), id).status().wireName();
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
