package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.TestHttpServer;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.query.RateLimit;
import dev.mooring.query.accounts.AccountRateLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platforms' rate limits as the proxy keeps them: read from each answer's own headers (X's
 * {@code x-rate-limit-*}, Graph's usage headers, Pinterest's {@code x-ratelimit-*}), shown on the account as {@code rateLimits}, and a
 * call to a family the platform said is spent answered {@code 429 rate_limited} by Mooring without
 * reaching the platform until the reset, while the platform's own 429 passes through as it came.
 */
@ProxyTest
class ProxyRateLimitsTest {

    private static final XTestServer.User ADA = new XTestServer.User("x-ada-limits", "Ada", "ada", "https://pbs.twimg.test/ada.jpg");

    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    PinterestTestServer pinterest;
    @Autowired
    AccountRateLimits rateLimits;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = accounts.tenant();
    }

    @Test
    void xRateLimitHeadersAreRecordedPerFamilyAndShownOnTheAccount() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());

        HttpResponse<String> me = get(id, "/2/users/me");
        HttpResponse<String> posted = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/2/tweets", tenant.key(),
                Map.of("Content-Type", "application/json"), "{\"text\":\"counted\"}");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        Instant reset = Instant.ofEpochSecond(Long.parseLong(me.headers().firstValue("x-rate-limit-reset").orElseThrow()));
        JsonNode account = json.readTree(proxy.send("GET", "/v1/accounts/" + id.value(), tenant.key(), Map.of(), null).body());
        JsonNode users = family(account, "2/users");
        assertThat(users.get("limit").asLong()).isEqualTo(75);
        assertThat(users.get("remaining").asLong()).isEqualTo(74);
        assertThat(Instant.parse(users.get("resetAt").asText())).isEqualTo(reset);
        assertThat(users.get("percentUsed").isNull()).isTrue();
        JsonNode tweets = family(account, "2/tweets");
        assertThat(tweets.get("limit").asLong()).isEqualTo(100);
        assertThat(tweets.get("remaining").asLong()).isEqualTo(99);
        JsonNode listed = json.readTree(proxy.send("GET", "/v1/accounts?platform=x", tenant.key(), Map.of(), null).body());
        assertThat(listed.at("/data/0/id").asText()).isEqualTo(id.value());
        assertThat(listed.at("/data/0/rateLimits")).hasSize(2);
    }

    @Test
    void graphUsageHeadersAreRecordedInPercent() throws Exception {
        FacebookTestServer facebook = MetaTestServers.facebook();
        FacebookTestServer.User user = facebook.userWithPages(1);
        FacebookTestServer.Page page = user.pages().get(0);
        AccountId id = proxy.connected(tenant.workspace(), Platform.FACEBOOK, page.id(), facebook.pageTokenOf(user, page));

        HttpResponse<String> me = get(id, "/" + MetaTestServers.FACEBOOK_GRAPH_VERSION + "/me?fields=id,name");
        HttpResponse<String> again = get(id, "/" + MetaTestServers.FACEBOOK_GRAPH_VERSION + "/me?fields=id,name");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        int appUsage = json.readTree(again.headers().firstValue("X-App-Usage").orElseThrow()).get("call_count").asInt();
        assertThat(appUsage).isEqualTo(2);
        JsonNode account = json.readTree(proxy.send("GET", "/v1/accounts/" + id.value(), tenant.key(), Map.of(), null).body());
        JsonNode app = family(account, "app");
        assertThat(app.get("percentUsed").asInt()).isEqualTo(appUsage);
        assertThat(app.get("limit").isNull()).isTrue();
        assertThat(app.get("resetAt").isNull()).isTrue();
        assertThat(family(account, "pages").get("percentUsed").asInt()).as("the largest of the use case's counts").isEqualTo(2);
    }

    @Test
    void pinterestsResetInSecondsFromNowIsRecordedAsATime() throws Exception {
        PinterestTestServer.User pin = new PinterestTestServer.User("pin-limits", "pinner", "Pins Inc", "https://i.pinimg.test/p.jpg", List.of());
        AccountId id = proxy.connected(tenant.workspace(), Platform.PINTEREST, pin.id(), pinterest.grant(pin).accessToken());

        Instant before = Instant.now();
        HttpResponse<String> me = get(id, "/v5/user_account");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        long resetIn = Long.parseLong(me.headers().firstValue("x-ratelimit-reset").orElseThrow());
        JsonNode account = json.readTree(proxy.send("GET", "/v1/accounts/" + id.value(), tenant.key(), Map.of(), null).body());
        JsonNode user = family(account, "v5/user_account");
        assertThat(user.get("limit").asLong()).isEqualTo(1000);
        assertThat(user.get("remaining").asLong()).isEqualTo(999);
        assertThat(Instant.parse(user.get("resetAt").asText()))
                .isBetween(before.plusSeconds(resetIn - 1), Instant.now().plusSeconds(resetIn + 1));
    }

    @Test
    void aSpentFamilyIsAnsweredLocallyUntilItsResetWhileAnotherFamilyStillPasses() throws Exception {
        String token = x.grant(ADA).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), token);
        x.limitCalls(token, XTestServer.USERS_ME, 2, Duration.ofSeconds(2));

        assertThat(get(id, "/2/users/me").statusCode()).isEqualTo(200);
        HttpResponse<String> last = get(id, "/2/users/me");
        assertThat(last.headers().firstValue("x-rate-limit-remaining")).hasValue("0");
        Instant reset = Instant.ofEpochSecond(Long.parseLong(last.headers().firstValue("x-rate-limit-reset").orElseThrow()));

        HttpResponse<String> refused = get(id, "/2/users/me?user.fields=username");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(code(refused)).isEqualTo("rate_limited");
        assertThat(json.readTree(refused.body()).at("/error/message").asText()).contains("2/users").contains(reset.toString());
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 4L));
        assertThat(refused.headers().firstValue("x-mooring-platform-status")).as("Mooring's answer, not the platform's").isEmpty();
        assertThat(x.calls(XTestServer.USERS_ME)).as("nothing sent upstream").isEqualTo(2);
        HttpResponse<String> posted = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/2/tweets", tenant.key(),
                Map.of("Content-Type", "application/json"), "{\"text\":\"another family\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(id, "/2/users/me").statusCode() == 200);

        assertThat(Instant.now()).isAfterOrEqualTo(reset);
        assertThat(x.calls(XTestServer.USERS_ME)).as("no call reached X before the reset, one after").isEqualTo(3);
        assertThat(x.violations()).isEmpty();
    }

    @Test
    void thePlatforms429PassesThroughWithRetryAfterAndClosesTheFamilyWithoutTouchingTheAccount() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        Instant reset = Instant.now().plusSeconds(2);
        x.answerNext(XTestServer.USERS_ME, XTestServer.rateLimited(reset).withHeader("Retry-After", "2"));

        HttpResponse<String> limited = get(id, "/2/users/me");
        HttpResponse<String> local = get(id, "/2/users/me");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(limited.headers().firstValue("x-mooring-platform-status")).hasValue("429");
        assertThat(json.readTree(limited.body()).get("title").asText()).as("X's own body").isEqualTo("Too Many Requests");
        assertThat(local.statusCode()).isEqualTo(429);
        assertThat(code(local)).isEqualTo("rate_limited");
        assertThat(local.headers().firstValue("Retry-After")).isPresent();
        assertThat(x.calls(XTestServer.USERS_ME)).isEqualTo(1);
        JsonNode account = json.readTree(proxy.send("GET", "/v1/accounts/" + id.value(), tenant.key(), Map.of(), null).body());
        assertThat(account.get("status").asText()).isEqualTo("active");
        assertThat(family(account, "2/users").get("remaining").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(id, "/2/users/me").statusCode() == 200);
        assertThat(x.calls(XTestServer.USERS_ME)).isEqualTo(2);
    }

    @Test
    void aLinkedIn429WithoutRetryAfterClosesTheFamilyUntilMidnightUtcAndOnlyIt() throws Exception {
        LinkedInTestServer.Member lise = new LinkedInTestServer.Member("li-limits", "Lise", "Meitner", "https://media.licdn.test/l.jpg", "l@example.org");
        AccountId id = proxy.connected(tenant.workspace(), Platform.LINKEDIN, lise.sub(), linkedIn.grant(lise).accessToken());
        linkedIn.outage(LinkedInTestServer.USERINFO, TestHttpServer.Failure.RATE_LIMITED);

        HttpResponse<String> limited = get(id, "/v2/userinfo");
        linkedIn.endOutage();
        HttpResponse<String> local = get(id, "/v2/userinfo");
        HttpResponse<String> post = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/rest/posts", tenant.key(),
                Map.of("Content-Type", "application/json", "LinkedIn-Version", "202511", "X-Restli-Protocol-Version", "2.0.0"),
                "{\"author\":\"urn:li:person:li-limits\",\"commentary\":\"another resource\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-mooring-platform-status")).hasValue("429");
        assertThat(local.statusCode()).isEqualTo(429);
        assertThat(code(local)).isEqualTo("rate_limited");
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long untilMidnight = Duration.between(Instant.now(), midnight).toSeconds();
        assertThat(Long.parseLong(local.headers().firstValue("Retry-After").orElseThrow())).isBetween(untilMidnight - 5, untilMidnight + 5);
        assertThat(linkedIn.calls(LinkedInTestServer.USERINFO)).isEqualTo(1);
        assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
    }

    @Test
    void anAccountKeepsAtMost32FamiliesAndTheNewestWordOnEach() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id(), x.grant(ADA).accessToken());
        Instant now = Instant.now();
        // families are named from paths the caller chooses: 40 of them must not grow the account without end
        rateLimits.record(id, IntStream.range(0, 40)
                .mapToObj(i -> new RateLimit("2/family" + i, 10L, 5L, now.plusSeconds(60), null, now)).toList());
        rateLimits.record(id, List.of(new RateLimit("2/family0", 10L, 9L, now.plusSeconds(60), null, now.plusSeconds(1)),
                new RateLimit("2/family1", 10L, 0L, now.plusSeconds(60), null, now.minusSeconds(1)),
                new RateLimit("2/" + "f".repeat(120), 10L, 5L, now.plusSeconds(60), null, now)));

        JsonNode account = json.readTree(proxy.send("GET", "/v1/accounts/" + id.value(), tenant.key(), Map.of(), null).body());

        assertThat(account.get("rateLimits")).hasSize(32);
        assertThat(family(account, "2/family0").get("remaining").asLong()).as("a newer answer replaces an older one").isEqualTo(9);
        assertThat(family(account, "2/family1").get("remaining").asLong()).as("an older answer arriving late does not").isEqualTo(5);
    }

    private static JsonNode family(JsonNode account, String family) {
        for (JsonNode limit : account.get("rateLimits")) {
            if (limit.get("family").asText().equals(family)) {
                return limit;
            }
        }
        throw new AssertionError("no rate limit of family " + family + " in " + account.get("rateLimits"));
    }

    private HttpResponse<String> get(AccountId id, String pathAndQuery) {
        return proxy.send("GET", "/v1/accounts/" + id.value() + "/proxy" + pathAndQuery, tenant.key(), Map.of(), null);
    }

    private String code(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body()).at("/error/code").asText();
    }
}
