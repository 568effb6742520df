package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.TestHttpServer;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.RevokeAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls through {@code /v1/accounts/{id}/proxy/{path}} reaching each platform family's test server
 * as the account (X, LinkedIn and Pinterest with a Bearer token, Facebook with its Page token and
 * {@code appsecret_proof}, Bluesky on the PDS its DID document names), and the platform's answers,
 * refusals included, coming back unchanged; what the proxy refuses itself, before any call.
 */
@ProxyTest
@ExtendWith(OutputCaptureExtension.class)
class ProxyCallsTest {

    private static final XTestServer.User ADA = new XTestServer.User("x-ada", "Ada", "ada", "https://pbs.twimg.test/ada.jpg");

    @Autowired
    TestAccounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    CommandGateway commands;
    @Autowired
    ObjectMapper json;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    PinterestTestServer pinterest;
    @Autowired
    TestPds pds;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;

    /** Each concurrent caller on a thread of its own: the common pool may have one thread (two cores) and its callers block. */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @BeforeEach
    void workspace() {
        tenant = accounts.tenant();
    }

    @Test
    void aPostIsCreatedAsTheXAccountAndItsTokenNeverComesBack(CapturedOutput output) throws Exception {
        String token = x.grant(ADA).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), token);

        HttpResponse<String> posted = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/2/tweets", tenant.key(),
                Map.of("Content-Type", "application/json"), "{\"text\":\"hello from mooring\"}");

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(json.readTree(posted.body()).at("/data/text").asText()).isEqualTo("posted");
        assertThat(posted.headers().firstValue("x-mooring-platform-status")).hasValue("201");
        assertThat(x.calls(XTestServer.TWEETS)).isEqualTo(1);
        assertThat(posted.body() + posted.headers().map()).doesNotContain(token);
        assertThat(output.getAll()).doesNotContain(token);
    }

    @Test
    void theCallersQueryReachesThePlatform() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());

        HttpResponse<String> me = get(id, "/2/users/me?user.fields=profile_image_url,username");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json.readTree(me.body()).at("/data/profile_image_url").asText()).isEqualTo(ADA.profileImageUrl());
    }

    @Test
    void aTokenThePlatformRefusesGetsThePlatformsOwn401AndTheAccountStaysAsItWas() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, "x-stale", "a-token-x-never-issued");

        HttpResponse<String> me = get(id, "/2/users/me");

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(json.readTree(me.body()).get("detail").asText()).isEqualTo("Unauthorized");
        assertThat(json.readTree(me.body()).has("error")).as("the platform's body, not Mooring's envelope").isFalse();
        assertThat(me.headers().firstValue("x-mooring-platform-status")).hasValue("401");
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void aRateLimitPassesThroughWithItsHeadersAndRevokesNothing() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        Instant reset = Instant.now().plusSeconds(900);
        x.answerNext(XTestServer.USERS_ME, XTestServer.rateLimited(reset).withHeader("Retry-After", "900"));

        HttpResponse<String> limited = get(id, "/2/users/me");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("900");
        assertThat(limited.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("x-rate-limit-reset")).hasValue(String.valueOf(reset.getEpochSecond()));
        assertThat(limited.headers().firstValue("x-mooring-platform-status")).hasValue("429");
        assertThat(json.readTree(limited.body()).get("title").asText()).isEqualTo("Too Many Requests");
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void aPlatformOutagePassesThroughUnchanged() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        x.outage(XTestServer.USERS_ME, TestHttpServer.Failure.UNAVAILABLE);

        HttpResponse<String> down = get(id, "/2/users/me");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json.readTree(down.body()).get("title").asText()).isEqualTo("Service Unavailable");
        assertThat(down.headers().firstValue("x-mooring-platform-status")).hasValue("503");
        assertThat(status(id)).isEqualTo("active");
    }

    @Test
    void aPlatformThatDoesNotAnswerIsPlatformUnavailableAfterTheResponseTimeout() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        x.outage(XTestServer.USERS_ME, TestHttpServer.Failure.HANG);

        long started = System.nanoTime();
        HttpResponse<String> silent = get(id, "/2/users/me");

        assertThat(silent.statusCode()).isEqualTo(503);
        assertThat(code(silent)).isEqualTo("platform_unavailable");
        assertThat(silent.headers().firstValue("x-mooring-platform-status")).isEmpty();
        assertThat((System.nanoTime() - started) / 1_000_000).as("MOORING_PROXY_RESPONSE_TIMEOUT of 3 s").isBetween(2_500L, 15_000L);
    }

    @Test
    void aWorkspaceHoldsAtMostItsUpstreamSlotsAtOnce() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        x.outage(XTestServer.USERS_ME, TestHttpServer.Failure.HANG);
        List<CompletableFuture<HttpResponse<String>>> hanging = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> get(id, "/2/users/me"), callers)).toList();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> x.inFlight(XTestServer.USERS_ME) == 4);

        HttpResponse<String> fifth = get(id, "/2/users/me");

        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(code(fifth)).isEqualTo("rate_limited");
        assertThat(x.calls(XTestServer.USERS_ME)).isEqualTo(4);
        x.endOutage();
        hanging.forEach(CompletableFuture::join);
        Tenant other = accounts.tenant();
        AccountId theirs = proxy.connected(other.workspace(), Platform.X, ADA.id() + "-other", x.grant(ADA).accessToken());
        assertThat(proxy.send("GET", "/v1/accounts/" + theirs.value() + "/proxy/2/users/me", other.key(), Map.of(), null)
                .statusCode()).as("another workspace's slots are its own").isEqualTo(200);
    }

    @Test
    void aLinkedInPostCarriesTheCallersVersionHeadersAndAnswersItsId() throws Exception {
        LinkedInTestServer.Member lise = new LinkedInTestServer.Member("li-lise", "Lise", "Meitner", "https://media.licdn.test/l.jpg", "l@example.org");
        AccountId id = proxy.connected(tenant.workspace(), Platform.LINKEDIN, lise.sub(), linkedIn.grant(lise).accessToken());

        HttpResponse<String> post = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/rest/posts", tenant.key(),
                Map.of("Content-Type", "application/json", "LinkedIn-Version", "202511", "X-Restli-Protocol-Version", "2.0.0"),
                "{\"author\":\"urn:li:person:li-lise\",\"commentary\":\"hello\"}");

        assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
        assertThat(post.headers().firstValue("x-restli-id")).hasValueSatisfying(urn -> assertThat(urn).startsWith("urn:li:share:"));
        assertThat(get(id, "/v2/userinfo").statusCode()).isEqualTo(200);
    }

    @Test
    void pinterestAnswersAsTheUser() throws Exception {
        PinterestTestServer.User pin = new PinterestTestServer.User("pin-1", "pinner", "Pins Inc", "https://i.pinimg.test/p.jpg", List.of());
        AccountId id = proxy.connected(tenant.workspace(), Platform.PINTEREST, pin.id(), pinterest.grant(pin).accessToken());

        HttpResponse<String> me = get(id, "/v5/user_account");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json.readTree(me.body()).get("id").asText()).isEqualTo("pin-1");
    }

    @Test
    void aFacebookPagePostsWithItsPageTokenAndAppSecretProof() throws Exception {
        FacebookTestServer facebook = MetaTestServers.facebook();
        FacebookTestServer.User user = facebook.userWithPages(1);
        FacebookTestServer.Page page = user.pages().get(0);
        String pageToken = facebook.pageTokenOf(user, page);
        AccountId id = proxy.connected(tenant.workspace(), Platform.FACEBOOK, page.id(), pageToken);
        String version = MetaTestServers.FACEBOOK_GRAPH_VERSION;

        HttpResponse<String> me = get(id, "/" + version + "/me?fields=id,name&access_token=someone-elses&appsecret_proof=forged");
        HttpResponse<String> feed = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/" + version + "/" + page.id() + "/feed",
                tenant.key(), Map.of("Content-Type", "application/x-www-form-urlencoded"), "message=hello");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json.readTree(me.body()).get("id").asText()).isEqualTo(page.id());
        assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
        assertThat(json.readTree(feed.body()).get("id").asText()).startsWith(page.id() + "_");
        // the Meta test servers serve the whole test run: this Page's calls are the ones with its token
        assertThat(facebook.requests(facebook.path("me"))).filteredOn(request -> pageToken.equals(request.accessToken()))
                .singleElement().satisfies(request -> {
                    assertThat(request.query()).containsEntry("fields", List.of("id,name")).doesNotContainKey("access_token");
                    assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer " + pageToken);
                });
    }

    @Test
    void instagramAndThreadsAnswerAsTheAccountWithItsBearerToken() throws Exception {
        LongLivedTokenTestServer instagram = MetaTestServers.instagram();
        LongLivedTokenTestServer.User gram = instagram.user("proxied");
        AccountId onInstagram = proxy.connected(tenant.workspace(), Platform.INSTAGRAM, gram.id(), instagram.longLivedTokenOf(gram));
        LongLivedTokenTestServer threads = MetaTestServers.threads();
        LongLivedTokenTestServer.User thread = threads.user("proxied");
        AccountId onThreads = proxy.connected(tenant.workspace(), Platform.THREADS, thread.id(), threads.longLivedTokenOf(thread));

        HttpResponse<String> igMe = get(onInstagram, instagram.profilePath() + "?fields=user_id,username,name,profile_picture_url,account_type");
        HttpResponse<String> thMe = get(onThreads, threads.profilePath() + "?fields=id,username,name,threads_profile_picture_url");
        HttpResponse<String> stale = get(proxy.connected(tenant.workspace(), Platform.THREADS, "th-stale", "never-issued"),
                threads.profilePath() + "?fields=id,username,name,threads_profile_picture_url");

        assertThat(igMe.statusCode()).as(igMe.body()).isEqualTo(200);
        assertThat(json.readTree(igMe.body()).get("user_id").asText()).isEqualTo(gram.id());
        assertThat(thMe.statusCode()).as(thMe.body()).isEqualTo(200);
        assertThat(json.readTree(thMe.body()).get("username").asText()).isEqualTo(thread.username());
        assertThat(stale.statusCode()).as("Graph's own refusal, passed through").isEqualTo(400);
        assertThat(json.readTree(stale.body()).at("/error/code").asInt()).isEqualTo(190);
    }

    @Test
    void blueskyCallsGoToTheAccountsOwnPds() throws Exception {
        TestPds.Account user = pds.createAccount("proxy-" + System.nanoTime() + ".test");
        String appPassword = pds.createAppPassword(user);
        HttpResponse<String> connected = proxy.send("POST", "/v1/accounts/connect/bluesky/complete", tenant.key(),
                Map.of("Content-Type", "application/json"),
                json.writeValueAsString(Map.of("identifier", user.handle(), "appPassword", appPassword)));
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
        AccountId id = new AccountId(json.readTree(connected.body()).get("id").asText());

        HttpResponse<String> profile = get(id, "/xrpc/app.bsky.actor.getProfile?actor=" + user.did());

        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
        assertThat(json.readTree(profile.body()).get("handle").asText()).isEqualTo(user.handle());
        pds.assertNoSecretIn(profile.body() + profile.headers().map());
    }

    @Test
    void aKeyWithoutTheProxyScopeIsRefusedAndNothingIsSent() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        String reader = keys.create(tenant.workspace(), "reader", EnumSet.of(ApiScope.ACCOUNTS_READ)).key();

        HttpResponse<String> refused = proxy.send("GET", "/v1/accounts/" + id.value() + "/proxy/2/users/me", reader, Map.of(), null);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("insufficient_scope");
        assertThat(json.readTree(refused.body()).at("/error/message").asText()).contains("proxy");
        assertThat(x.calls(XTestServer.USERS_ME)).isZero();
    }

    @Test
    void aRevokedAccountIsRefusedAndNothingIsSent() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        commands.sendAndWait(new RevokeAccount(id, ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"));

        HttpResponse<String> refused = get(id, "/2/users/me");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(code(refused)).isEqualTo("platform_auth_failed");
        assertThat(x.calls(XTestServer.USERS_ME)).isZero();
    }

    @Test
    void anotherWorkspacesAccountIsNotFoundExactlyLikeNone() throws Exception {
        Tenant other = accounts.tenant();
        AccountId theirs = proxy.connected(other.workspace(), Platform.X, ADA.id() + "-theirs", x.grant(ADA).accessToken());

        HttpResponse<String> foreign = get(theirs, "/2/users/me");
        HttpResponse<String> unknown = get(new AccountId("acc_01JZZZZZZZZZZZZZZZZZZZZZZZ"), "/2/users/me");

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(foreign.body()).at("/error/message")).isEqualTo(json.readTree(unknown.body()).at("/error/message"));
        assertThat(x.calls(XTestServer.USERS_ME)).isZero();
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
}
