package dev.mooring.api.lifecycle;

import dev.mooring.api.MooringApplication;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.kernel.AccountId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle against the sandbox platform with 30-second tokens refreshed 23 seconds after they
 * are issued. The sandbox revokes a whole grant when a refresh token is used twice, so any double
 * refresh would show up here as a revoked account.
 */
@SpringBootTest(classes = MooringApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "mooring.data-dir=target/test-data/${random.uuid}",
                // health details and metrics are the operator's
                "mooring.admin.token=" + MooringTest.ADMIN_TOKEN,
                "mooring.sandbox.access-token-lifetime=30s",
                "mooring.lifecycle.refresh.margin.sandbox=7s",
                "mooring.lifecycle.first-retry=1s",
                "mooring.lifecycle.max-retry=2s"})
@Import(TestAccounts.class)
@DirtiesContext // its short-lived tokens would keep refreshing in the background of later tests
class TokenLifecycleTest {

    static final FlakyUpstream UPSTREAM = new FlakyUpstream();
    private static final String ADMIN = "Bearer " + MooringTest.ADMIN_TOKEN;

    @Autowired
    ApplicationContext context;
    @Autowired
    TestAccounts accounts;
    @Autowired
    PublicBaseUrl publicUrl;
    @Autowired
    Jdbi jdbi;
    @Autowired
    WebTestClient http;

    SandboxAccounts sandbox;
    Tenant tenant;

    @DynamicPropertySource
    static void sandboxBehindTheFlakyUpstream(DynamicPropertyRegistry registry) {
        registry.add("mooring.sandbox.url", () -> UPSTREAM.url().toString());
    }

    @BeforeEach
    void setUp() {
        UPSTREAM.forwardTo(URI.create(publicUrl.get() + "/sandbox"));
        UPSTREAM.recover();
        sandbox = SandboxAccounts.of(context);
        tenant = accounts.tenant();
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void accountsStayActiveThroughRoundsOfRefreshes() {
        List<AccountId> ids = List.of(sandbox.connect(tenant.workspace(), "round-1"),
                sandbox.connect(tenant.workspace(), "round-2"), sandbox.connect(tenant.workspace(), "round-3"));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                ids.forEach(id -> assertThat(count(id, "TokenRefreshed")).isGreaterThanOrEqualTo(2)));

        for (AccountId id : ids) {
            assertThat(count(id, "AccountRevoked")).isZero();
            assertThat(count(id, "TokenRefreshFailed")).isZero();
            assertThat(accounts.read(tenant.workspace(), id).status().wireName()).isEqualTo("active");
        }
        // each of those refreshes came from a deadline, and says how late it fired
        http.get().uri("/actuator/metrics/mooring.deadline.lateness?tag=platform:sandbox")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").value(counts ->
                        assertThat(((Number) ((List<?>) counts).get(0)).doubleValue()).isGreaterThanOrEqualTo(6.0));
    }

    @Test
    void aGrantRevokedUpstreamRevokesTheAccountAtTheNextRefresh() {
        AccountId id = sandbox.connect(tenant.workspace(), "leaves");
        sandbox.revokeUpstream("leaves");

        await().atMost(Duration.ofSeconds(60)).until(() -> count(id, "AccountRevoked") == 1);

        var view = accounts.read(tenant.workspace(), id);
        assertThat(view.status().wireName()).isEqualTo("revoked");
        assertThat(view.statusCode().code()).isEqualTo("platform_auth_failed");
        assertThat(count(id, "TokenRefreshed")).isZero();
    }

    @Test
    void anOutageIsRetriedAndNeverRevokes() {
        UPSTREAM.fail();
        AccountId id = sandbox.connect(tenant.workspace(), "weathers-it");

        await().atMost(Duration.ofSeconds(60)).until(() -> count(id, "TokenRefreshFailed") >= 2);
        assertThat(accounts.read(tenant.workspace(), id).status().wireName()).isEqualTo("active");
        UPSTREAM.recover();

        await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "TokenRefreshed") >= 1);
        assertThat(count(id, "AccountRevoked")).isZero();
        List<String> history = history(id);
        assertThat(history.lastIndexOf("TokenRefreshFailed")).isLessThan(history.indexOf("TokenRefreshed"));
        assertThat(UPSTREAM.refusals()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aClientCanForceARefreshAndIsToldWhenTheAccountIsDead() {
        AccountId id = sandbox.connect(tenant.workspace(), "forced");
        var before = accounts.read(tenant.workspace(), id);

        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.refreshedAt").isNotEmpty().jsonPath("$.status").isEqualTo("active");
        assertThat(accounts.read(tenant.workspace(), id).tokenExpiresAt()).isAfterOrEqualTo(before.tokenExpiresAt());

        sandbox.revokeUpstream("forced");
        http.post().uri("/v1/accounts/" + id + "/verify").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.error.code").isEqualTo("platform_auth_failed");
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.error.code").isEqualTo("platform_auth_failed");
        assertThat(accounts.read(tenant.workspace(), id).status().wireName()).isEqualTo("revoked");
    }

    @Test
    void anotherWorkspaceCannotRefreshOrVerify() {
        AccountId id = sandbox.connect(tenant.workspace(), "private");
        Tenant stranger = accounts.tenant();
        for (String action : new String[]{"refresh", "verify"}) {
            http.post().uri("/v1/accounts/" + id + "/" + action).header(HttpHeaders.AUTHORIZATION, stranger.bearer())
                    .exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void healthCoversTheDatabaseAndEventProcessorsAndRefreshesAreCounted() {
        AccountId id = sandbox.connect(tenant.workspace(), "observed");
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();

        http.get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.eventProcessors.details.accounts").isEqualTo("running")
                .jsonPath("$.components.eventProcessors.details.TokenLifecycleSagaProcessor").isEqualTo("running");
        http.get().uri("/actuator/metrics/mooring.refresh?tag=platform:sandbox&tag=outcome:refreshed")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[0].value").value(value ->
                        assertThat(((Number) value).doubleValue()).isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void anOutageLongerThanTheTokensLifeNeverRevokesAndShowsTheFailingRefresh() {
        UPSTREAM.fail();
        AccountId id = sandbox.connect(tenant.workspace(), "outlasts-it");
        var connected = accounts.read(tenant.workspace(), id);

        // the platform stays down past the access token's expiry
        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(connected.tokenExpiresAt().plusSeconds(5)));
        http.get().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("active")
                .jsonPath("$.statusCode").doesNotExist()
                .jsonPath("$.refreshFailing.since").isNotEmpty()
                .jsonPath("$.refreshFailing.lastErrorCode").isEqualTo("platform_unavailable")
                .jsonPath("$.refreshFailing.nextAttemptAt").isNotEmpty()
                .jsonPath("$.refreshFailing.consecutiveFailures").value(n -> assertThat((Integer) n).isGreaterThanOrEqualTo(2));
        assertThat(count(id, "AccountRevoked")).isZero();
        assertThat(count(id, "TokenExpiring")).isZero();
        UPSTREAM.recover();

        await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "TokenRefreshed") >= 1);
        var view = accounts.read(tenant.workspace(), id);
        assertThat(view.status().wireName()).isEqualTo("active");
        assertThat(view.refreshFailing()).isNull();
        assertThat(count(id, "AccountRevoked")).isZero();
        assertNoRefreshTokenSentTwice();
    }

    @Test
    void refusedClientCredentialsTouchNoAccountAndTellTheOperator() {
        AccountId id = sandbox.connect(tenant.workspace(), "operator-fault");
        int refusedBefore = UPSTREAM.refusals();
        UPSTREAM.refuseClient();

        await().atMost(Duration.ofSeconds(60)).until(() -> UPSTREAM.refusals() >= refusedBefore + 2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> http.get().uri("/actuator/health")
                .exchange().expectStatus().isEqualTo(503));
        http.get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.components.operator.status").isEqualTo("DOWN")
                .jsonPath("$.components.operator.details.sandbox.detail").value(detail ->
                        assertThat((String) detail).contains("invalid_client", "MOORING_SANDBOX_CLIENT_SECRET"));
        http.get().uri("/actuator/metrics/mooring.operator.faults?tag=kind:client_credentials")
                .header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[0].value").isEqualTo(1.0);
        // the customer's account is left exactly as it was: no failure, no revocation
        assertThat(history(id)).containsExactly("AccountConnected");
        assertThat(accounts.read(tenant.workspace(), id).status().wireName()).isEqualTo("active");
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error.code").isEqualTo("platform_unavailable");

        UPSTREAM.recover();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "TokenRefreshed") >= 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/actuator/health")
                .exchange().expectStatus().isOk());
        assertThat(count(id, "AccountRevoked")).isZero();
        assertThat(count(id, "TokenRefreshFailed")).isZero();
    }

    @Test
    void aDataKeyThatCannotBeUnwrappedMarksTheAccountForTheOperatorAndRevokesNothing() {
        AccountId id = sandbox.connect(tenant.workspace(), "unreadable");
        byte[] wrapped = jdbi.withHandle(h -> h.createQuery("select wrapped_key from data_keys where account_id = :id")
                .bind("id", id.value()).mapTo(byte[].class).one());
        byte[] altered = wrapped.clone();
        altered[altered.length - 1] ^= 1;
        setWrappedKey(id, altered);
        try {
            http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.error.code").isEqualTo("platform_unavailable");
            http.get().uri("/actuator/health").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.components.operator.details.unreadableSecrets." + id.value() + ".detail")
                    .value(detail -> assertThat((String) detail).contains("master key"));
            assertThat(history(id)).containsExactly("AccountConnected");
        } finally {
            setWrappedKey(id, wrapped);
        }
        // the key is readable again: the next refresh works and the fault clears
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    private void setWrappedKey(AccountId id, byte[] wrapped) {
        jdbi.useHandle(h -> h.createUpdate("update data_keys set wrapped_key = :key where account_id = :id")
                .bind("key", wrapped).bind("id", id.value()).execute());
    }

    @Test
    void verifyRefreshesFirstWhenThePlatformNoLongerTakesTheAccessToken() {
        AccountId id = sandbox.connect(tenant.workspace(), "stale-access");
        var before = accounts.read(tenant.workspace(), id);
        expireAccessTokensOf("stale-access");

        http.post().uri("/v1/accounts/" + id + "/verify").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("active").jsonPath("$.refreshedAt").isNotEmpty();
        assertThat(count(id, "TokenRefreshed")).isEqualTo(1);
        assertThat(count(id, "AccountRevoked")).isZero();
        assertThat(accounts.read(tenant.workspace(), id).tokenExpiresAt()).isAfter(before.tokenExpiresAt());
    }

    @Test
    void disconnectRevokesTheGrantUpstreamAndSaysSoInHistory() {
        AccountId id = sandbox.connect(tenant.workspace(), "leaving");
        int before = UPSTREAM.revocations();

        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();

        assertThat(UPSTREAM.revocations()).isEqualTo(before + 1);
        assertThat(grantsRevoked("leaving")).isEqualTo(1);
        assertThat(disconnectedRevocation(id)).isEqualTo("revoked");
    }

    @Test
    void disconnectWhileThePlatformIsDownStillDisconnectsAndSaysSo() {
        AccountId id = sandbox.connect(tenant.workspace(), "leaving-in-a-storm");
        UPSTREAM.fail();

        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();
        http.get().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNotFound();
        assertThat(disconnectedRevocation(id)).isEqualTo("failed");
        assertThat(grantsRevoked("leaving-in-a-storm")).isZero();
    }

    @Test
    void aReconnectRevokesTheGrantItReplaced() {
        AccountId id = sandbox.connect(tenant.workspace(), "comes-back");
        AccountId again = sandbox.connect(tenant.workspace(), "comes-back");

        assertThat(again).isEqualTo(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> grantsRevoked("comes-back") == 1);
        // the new grant is the live one: a refresh with it works
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();
    }

    @Test
    void aForcedRefreshAReconnectAndADeleteRacingOverASlowPlatformNeitherDeadlockNorReuseARefreshToken()
            throws Exception {
        AccountId id = sandbox.connect(tenant.workspace(), "contested");
        UPSTREAM.slowDown(Duration.ofSeconds(5));
        WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(40)).build();
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> refresh = callers.submit(() -> patient.post().uri("/v1/accounts/" + id + "/refresh")
                    .header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange().returnResult(String.class).getStatus().value());
            Thread.sleep(300);
            Future<String> reconnect = callers.submit(() -> {
                try {
                    return sandbox.connect(tenant.workspace(), "contested").value();
                } catch (RuntimeException refused) {
                    return refused.getClass().getSimpleName();
                }
            });
            Future<Integer> delete = callers.submit(() -> patient.delete().uri("/v1/accounts/" + id)
                    .header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange().returnResult(String.class).getStatus().value());

            assertThat(delete.get(40, TimeUnit.SECONDS)).isEqualTo(204);
            assertThat(refresh.get(40, TimeUnit.SECONDS)).isIn(200, 404);
            assertThat(reconnect.get(40, TimeUnit.SECONDS)).isNotBlank();
        } finally {
            callers.shutdownNow();
        }
        assertNoRefreshTokenSentTwice();
    }

    @Test
    void aCallerHangingUpAtAnyPointNeverCostsTheAccountItsRefreshToken() throws Exception {
        AccountId id = sandbox.connect(tenant.workspace(), "impatient");
        UPSTREAM.slowDown(Duration.ofSeconds(2));
        for (long hangUpAfter : new long[]{20, 300, 1_500, 2_200, 3_000}) {
            int presented = UPSTREAM.refreshTokensPresented().size();
            hangUp(id, hangUpAfter);
            // whatever the caller did, the exchange it started runs to its end
            await().atMost(Duration.ofSeconds(20)).until(() -> leaseFree(id));
            assertThat(UPSTREAM.refreshTokensPresented().size()).isBetween(presented, presented + 1);
        }
        UPSTREAM.recover();
        http.post().uri("/v1/accounts/" + id + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();
        assertThat(count(id, "AccountRevoked")).isZero();
        assertNoRefreshTokenSentTwice();
    }

    /** Sends a forced refresh over a raw socket and closes it after the given time, answered or not. */
    private void hangUp(AccountId id, long afterMillis) throws IOException, InterruptedException {
        int port = publicUrl.get().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /v1/accounts/" + id + "/refresh HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + tenant.bearer() + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(afterMillis);
        }
    }

    private boolean leaseFree(AccountId id) {
        return jdbi.withHandle(h -> h.createQuery("select lease_owner is null from account_credentials where account_id = :id")
                .bind("id", id.value()).mapTo(Boolean.class).one());
    }

    private void assertNoRefreshTokenSentTwice() {
        List<String> presented = UPSTREAM.refreshTokensPresented();
        assertThat(presented).as("refresh tokens presented upstream").doesNotHaveDuplicates();
    }

    private void expireAccessTokensOf(String username) {
        jdbi.useHandle(h -> h.createUpdate("""
                        update sandbox_tokens set expires_at = now() - interval '1 second'
                        where kind = 'access' and grant_id in (select grant_id from sandbox_grants where username = :u)""")
                .bind("u", username).execute());
    }

    private int grantsRevoked(String username) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from sandbox_grants where username = :u and revoked_at is not null")
                .bind("u", username).mapTo(Integer.class).one());
    }

    private String disconnectedRevocation(AccountId id) {
        return http.get().uri("/v1/accounts/" + id + "/history").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()
                .replaceAll("(?s).*\"upstreamRevocation\"\\s*:\\s*\"([a-z_]+)\".*", "$1");
    }

    private int count(AccountId id, String eventType) {
        return (int) history(id).stream().filter(eventType::equals).count();
    }

    private List<String> history(AccountId id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select substring(payload_type from '[^.]+$') from domain_event_entry
                        where aggregate_identifier = :id order by sequence_number""")
                .bind("id", id.value()).mapTo(String.class).list());
    }
}
