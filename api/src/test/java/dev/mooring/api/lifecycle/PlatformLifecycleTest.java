package dev.mooring.api.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.TestHttpServer.Failure;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer.Board;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle against test servers that speak X's, LinkedIn's and Pinterest's protocols: refresh
 * tokens that rotate and die when presented twice, outages, refused client credentials and revoke
 * endpoints. Tokens live 20 seconds here, so a due refresh comes 15 seconds after each issue.
 */
@MooringWithTestPlatforms
@TestPropertySource(properties = {"mooring.lifecycle.first-retry=1s", "mooring.lifecycle.max-retry=2s"})
class PlatformLifecycleTest {

    private static final Duration TOKEN_LIFE = Duration.ofSeconds(20);

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    PinterestTestServer pinterest;
    @Autowired
    Jdbi jdbi;

    final Browser browser = new Browser();
    Tenant tenant;
    ConnectApi api;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        api = new ConnectApi(http, tenant);
    }

    @Test
    void xDownAcrossADueRefreshAndPastTheTokensExpiryLosesNothing() {
        x.accessTokensLive(TOKEN_LIFE);
        XTestServer.User user = xUser("weathers");
        String id = connect("x", state -> x.approves(state, user));
        Instant expiresAt = Instant.parse(account(id).get("tokenExpiresAt").asText());
        x.outage(x.tokenPath(), Failure.UNAVAILABLE);

        // down from before the refresh is due until well past the access token's expiry
        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(15)));
        JsonNode failing = account(id);
        assertThat(failing.get("status").asText()).isEqualTo("active");
        assertThat(failing.at("/refreshFailing/consecutiveFailures").asInt()).isGreaterThanOrEqualTo(2);
        x.endOutage();

        await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "TokenRefreshed") >= 1);
        assertThat(count(id, "AccountRevoked")).isZero();
        assertThat(x.refreshTokensPresentedMoreThanOnce()).isEmpty();
        // the stored refresh token is the newest one: X kills the grant if an older one comes back
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();
        List<String> issued = x.refreshTokensIssuedTo(user);
        assertThat(x.refreshesWith(issued.get(issued.size() - 2))).isEqualTo(1);
    }

    @Test
    void pinterestDownAcrossADueRefreshLosesNothing() {
        pinterest.accessTokensLive(TOKEN_LIFE);
        PinterestTestServer.User user = new PinterestTestServer.User("5497558001", "weathers", "weathers studio",
                "https://i.pinimg.com/75x75_RS/weathers.jpg", List.of(new Board("549755885200", "Storms")));
        String id = connect("pinterest", state -> pinterest.approves(state, user));
        pinterest.outage(pinterest.tokenPath(), Failure.UNAVAILABLE);

        await().atMost(Duration.ofSeconds(60)).until(() -> count(id, "TokenRefreshFailed") >= 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(
                Instant.parse(account(id).get("tokenExpiresAt").asText()).plusSeconds(5)));
        assertThat(account(id).get("status").asText()).isEqualTo("active");
        pinterest.endOutage();

        await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "TokenRefreshed") >= 1);
        assertThat(count(id, "AccountRevoked")).isZero();
        assertThat(pinterest.refreshTokensPresentedMoreThanOnce()).isEmpty();
    }

    @Test
    void aRateLimitIsWaitedOutNotHammered() {
        x.accessTokensLive(TOKEN_LIFE);
        String id = connect("x", state -> x.approves(state, xUser("patient")));
        // X answers 429 with x-rate-limit-reset a minute ahead
        x.outage(x.tokenPath(), Failure.RATE_LIMITED);

        await().atMost(Duration.ofSeconds(40)).until(() -> count(id, "TokenRefreshFailed") >= 1);
        Instant failedAt = Instant.now();
        // the history answers from the event store, the account from the read model a moment later
        await().atMost(Duration.ofSeconds(10)).until(() -> account(id).at("/refreshFailing/nextAttemptAt").isTextual());
        Instant nextAttemptAt = Instant.parse(account(id).at("/refreshFailing/nextAttemptAt").asText());
        assertThat(nextAttemptAt).isAfter(failedAt.plusSeconds(50));
        assertThat(account(id).get("status").asText()).isEqualTo("active");
    }

    @Test
    void refusedClientCredentialsRevokeNoAccountAndRefreshesResumeOnceFixed() {
        x.accessTokensLive(TOKEN_LIFE);
        String id = connect("x", state -> x.approves(state, xUser("operator")));
        x.refuseClientCredentials(true);

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> http.get().uri("/actuator/health")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + MooringTest.ADMIN_TOKEN)
                .exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.components.operator.details.x.detail").value(detail ->
                        assertThat((String) detail).contains("unauthorized_client", "MOORING_X_CLIENT_SECRET")));
        assertThat(events(id)).containsExactly("AccountConnected");

        x.refuseClientCredentials(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "TokenRefreshed") >= 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/actuator/health")
                .exchange().expectStatus().isOk());
        assertThat(count(id, "AccountRevoked")).isZero();
    }

    @Test
    void verifyRefreshesAnXAccountWhoseAccessTokenWasRevokedButWhoseRefreshTokenWorks() {
        XTestServer.User user = xUser("half-revoked");
        String id = connect("x", state -> x.approves(state, user));
        x.revokeAccessTokensOf(user);

        http.post().uri("/v1/accounts/" + id + "/verify").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("active").jsonPath("$.refreshedAt").isNotEmpty();
        assertThat(events(id)).containsExactly("AccountConnected", "TokenRefreshed");
        assertThat(x.refreshes()).isEqualTo(1);
    }

    @Test
    void disconnectRevokesTheGrantAtXAndLinkedIn() {
        XTestServer.User xUser = xUser("leaves-x");
        String xId = connect("x", state -> x.approves(state, xUser));
        LinkedInTestServer.Member member = new LinkedInTestServer.Member("li-leaves", "Ada", "Leaves", null, "ada@example.com");
        String linkedInId = connect("linkedin", state -> linkedIn.approves(state, member));

        delete(xId);
        delete(linkedInId);

        assertThat(x.revocationsOf(xUser)).singleElement()
                .satisfies(revocation -> assertThat(revocation.tokenTypeHint()).isEqualTo("refresh_token"));
        assertThat(linkedIn.revocationsOf(member)).hasSize(1);
        assertThat(x.accepts(x.accessTokensIssuedTo(xUser).get(0))).isFalse();
        assertThat(disconnectedRevocation(xId)).isEqualTo("revoked");
        assertThat(disconnectedRevocation(linkedInId)).isEqualTo("revoked");
    }

    @Test
    void disconnectWhileXIsDownStillDisconnectsAndSaysSo() {
        XTestServer.User user = xUser("leaves-in-a-storm");
        String id = connect("x", state -> x.approves(state, user));
        x.outage(Failure.UNAVAILABLE);

        delete(id);

        assertThat(x.revocationsOf(user)).isEmpty();
        assertThat(disconnectedRevocation(id)).isEqualTo("failed");
    }

    @Test
    void aReconnectRevokesThePreviousGrantAtX() {
        XTestServer.User user = xUser("comes-back");
        String id = connect("x", state -> x.approves(state, user));
        String firstAccess = x.accessTokensIssuedTo(user).get(0);

        assertThat(connect("x", state -> x.approves(state, user))).isEqualTo(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> x.revocationsOf(user).size() == 1);
        assertThat(x.accepts(firstAccess)).isFalse();
        // the new grant is the one kept, and it works
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();
    }

    private String connect(String platform, java.util.function.Consumer<String> consent) {
        Started started = api.start(platform, Map.of());
        consent.accept(started.state());
        Browser.Page answer = browser.follow(started.redirectUrl());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return ConnectApi.json(answer.body()).get("id").asText();
    }

    private void delete(String id) {
        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();
    }

    private JsonNode account(String id) {
        return ConnectApi.json(http.get().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private String disconnectedRevocation(String id) {
        JsonNode history = ConnectApi.json(http.get().uri("/v1/accounts/" + id + "/history")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).get("data");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("account.disconnected");
        return last.at("/data/upstreamRevocation").asText();
    }

    private static XTestServer.User xUser(String name) {
        return new XTestServer.User("14600000" + Math.abs(name.hashCode()), "Name of " + name, name,
                "https://pbs.twimg.com/profile_images/1/" + name + "_normal.jpg");
    }

    private int count(String id, String type) {
        return (int) events(id).stream().filter(type::equals).count();
    }

    private List<String> events(String id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select substring(payload_type from '[^.]+$') from domain_event_entry
                        where aggregate_identifier = :id order by sequence_number""")
                .bind("id", id).mapTo(String.class).list());
    }
}
