package dev.mooring.api.limits;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.limits.ApiCalls.Answer;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPds.Account;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.support.EventStreamClient;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limits and quotas per workspace and API key, over real HTTP, with every setting under its
 * environment name as docs/configuration.md lists it. Rates use short windows so that a test can see one end.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ContextConfiguration(initializers = LimitsTest.Settings.class)
class LimitsTest {

    static final String NO_ACCOUNT = "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
    static final String NO_DELIVERY = "dlv_01JZZZZZZZZZZZZZZZZZZZZZZZ";

    static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("limits-env", Map.of(
                    "MOORING_LIMITS_PER_KEY", "8/3s",
                    "MOORING_LIMITS_CONNECT_STARTS", "5/3s",
                    "MOORING_LIMITS_BLUESKY_LOGINS_PER_IDENTIFIER", "3/5m",
                    "MOORING_LIMITS_ACCOUNT_CHECKS", "4/3s",
                    "MOORING_LIMITS_WEBHOOK_RESENDS", "4/3s",
                    "MOORING_LIMITS_WEBHOOK_ENDPOINTS", "2",
                    "MOORING_LIMITS_EVENT_STREAMS", "2",
                    "MOORING_LIMITS_PENDING_CONNECTS", "3")));
        }
    }

    @Autowired
    TestAccounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    TestPds pds;
    @Autowired
    Jdbi jdbi;
    @LocalServerPort
    int port;

    ApiCalls api;

    @BeforeEach
    void client() {
        api = new ApiCalls(port, 4);
    }

    // --- rates --------------------------------------------------------------------------------------

    @Test
    void connectStartsBeyondTheWorkspacesRateAreRefusedWithRetryAfterAndAnotherWorkspaceIsUnaffected() throws Exception {
        Tenant tenant = accounts.tenant();
        for (int i = 1; i <= 5; i++) {
            Answer started = startSandbox(tenant);
            assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
            assertThat(started.header("RateLimit-Limit")).isEqualTo("5");
            assertThat(started.header("RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
            assertThat(Integer.parseInt(started.header("RateLimit-Reset"))).isBetween(1, 3);
            deny(started.body().get("state").asText()); // a finished connect: the pending quota stays out of this
        }

        Answer refused = startSandbox(tenant);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.errorMessage()).contains("connect starts of this workspace", "at most 5 per 3s");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 3);
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("5");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("RateLimit-Reset")).isEqualTo(String.valueOf(retryAfter));
        assertThat(pendingConnects(tenant)).as("nothing started").isZero();

        Tenant other = accounts.tenant();
        Answer theirs = startSandbox(other);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.header("RateLimit-Remaining")).isEqualTo("4");

        Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
        assertThat(startSandbox(tenant).status()).as("after Retry-After").isEqualTo(200);
    }

    @Test
    void oneApiKeyIsLimitedAcrossRoutesWhileAnotherKeyOfTheWorkspaceIsNot() {
        Tenant tenant = accounts.tenant();
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/v1/accounts/" + NO_ACCOUNT + "/verify", tenant.bearer(), Map.of()).status()).isEqualTo(404);
            assertThat(api.post(resend(), tenant.bearer(), Map.of()).status()).isEqualTo(404);
        }

        Answer refused = startSandbox(tenant);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorMessage()).contains("limited calls with this API key", "at most 8 per 3s");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("8");
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(api.post("/v1/accounts/connect/sandbox", tenant.bearer().replace("Bearer ", "bearer "), Map.of()).status())
                .as("the same key, however the scheme is spelled").isEqualTo(429);

        String secondKey = "Bearer " + keys.create(tenant.workspace(), "second").key();
        Answer started = api.post("/v1/accounts/connect/sandbox", secondKey, Map.of());
        assertThat(started.status()).isEqualTo(200);
    }

    @Test
    void forcedRefreshesAndVerifiesShareTheWorkspacesRate() {
        Tenant tenant = accounts.tenant();
        for (int i = 0; i < 2; i++) {
            Answer checked = api.post("/v1/accounts/" + NO_ACCOUNT + "/refresh", tenant.bearer(), Map.of());
            assertThat(checked.status()).isEqualTo(404);
            assertThat(checked.header("RateLimit-Limit")).isEqualTo("4");
            assertThat(api.post("/v1/accounts/" + NO_ACCOUNT + "/verify", tenant.bearer(), Map.of()).status()).isEqualTo(404);
        }

        Answer refused = api.post("/v1/accounts/" + NO_ACCOUNT + "/verify", tenant.bearer(), Map.of());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorMessage()).contains("forced refreshes and verifies of this workspace", "at most 4 per 3s");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void webhookResendsBeyondTheWorkspacesRateAreRefused() {
        Tenant tenant = accounts.tenant();
        for (int i = 0; i < 4; i++) {
            Answer resent = api.post(resend(), tenant.bearer(), Map.of());
            assertThat(resent.status()).isEqualTo(404);
            assertThat(resent.header("RateLimit-Remaining")).isEqualTo(String.valueOf(3 - i));
        }

        Answer refused = api.post(resend(), tenant.bearer(), Map.of());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorMessage()).contains("webhook resends of this workspace", "at most 4 per 3s");
    }

    @Test
    void wrongAppPasswordsForOneIdentifierStopBeingForwardedToThePds() {
        Account victim = pds.createAccount("victim-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        Tenant tenant = accounts.tenant();
        for (int i = 0; i < 3; i++) {
            Answer wrong = connectBluesky(tenant, victim.handle(), "aaaa-bbbb-cccc-dddd");
            assertThat(wrong.status()).as(wrong.body().toString()).isEqualTo(422);
        }
        assertThat(pds.loginAttempts(victim)).isEqualTo(3);

        Answer refused = connectBluesky(tenant, "@" + victim.handle().toUpperCase(), "aaaa-bbbb-cccc-dddd");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.errorMessage()).contains("Bluesky logins for this identifier", "at most 3 per 5m");
        assertThat(refused.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 300);
        // counted per identifier, as the PDS counts: another workspace cannot go on guessing either
        Tenant other = accounts.tenant();
        assertThat(connectBluesky(other, victim.did(), pds.createAppPassword(victim)).status()).isNotEqualTo(429);
        assertThat(connectBluesky(other, victim.handle(), pds.createAppPassword(victim)).status()).isEqualTo(429);
        assertThat(pds.loginAttempts(victim)).as("only the attempts let through reached the PDS").isEqualTo(4);

        Account bystander = pds.createAccount("bystander-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        assertThat(connectBluesky(other, bystander.handle(), pds.createAppPassword(bystander)).status()).isEqualTo(201);
    }

    // --- quotas -------------------------------------------------------------------------------------

    @Test
    void webhookEndpointsBeyondTheQuotaAreRefusedAndNotStoredUntilOneIsDeleted() {
        Tenant tenant = accounts.tenant();
        Answer first = createEndpoint(tenant);
        assertThat(first.status()).isEqualTo(201);
        assertThat(createEndpoint(tenant).status()).isEqualTo(201);

        // sent with an Idempotency-Key: a quota refusal depends on the moment, so it is not kept for the key
        Answer refused = api.post("/v1/webhook-endpoints", tenant.bearer(), Map.of("url", "http://127.0.0.1:9/hooks"), "retried");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("quota_exceeded");
        assertThat(refused.errorMessage()).contains("2 webhook endpoints", "MOORING_LIMITS_WEBHOOK_ENDPOINTS");
        assertThat(endpointRows(tenant)).isEqualTo(2);
        assertThat(createEndpoint(accounts.tenant()).status()).as("another workspace").isEqualTo(201);

        assertThat(api.delete("/v1/webhook-endpoints/" + first.body().get("id").asText(), tenant.bearer()).status()).isEqualTo(204);
        assertThat(api.post("/v1/webhook-endpoints", tenant.bearer(), Map.of("url", "http://127.0.0.1:9/hooks"), "retried").status())
                .as("the retry with the same key runs now that a slot is free").isEqualTo(201);
        assertThat(endpointRows(tenant)).isEqualTo(2);
    }

    @Test
    void concurrentCreatesCannotTakeMoreThanTheQuota() {
        Tenant tenant = accounts.tenant();
        ApiCalls racers = new ApiCalls(port, 6);
        List<CompletableFuture<Answer>> creates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            creates.add(racers.postAsync("/v1/webhook-endpoints", tenant.bearer(), Map.of("url", "http://127.0.0.1:9/hooks")));
        }

        List<Integer> statuses = creates.stream().map(CompletableFuture::join).map(Answer::status).toList();

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(2);
        assertThat(endpointRows(tenant)).isEqualTo(2);
    }

    @Test
    void eventStreamsBeyondTheQuotaAreRefusedAndAClosedStreamFreesItsSlot() {
        Tenant tenant = accounts.tenant();
        EventStreamClient first = EventStreamClient.open(port, tenant.bearer(), null);
        try (EventStreamClient second = EventStreamClient.open(port, tenant.bearer(), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.heartbeats() > 0 && second.heartbeats() > 0);

            Answer refused = api.get("/v1/events", tenant.bearer());

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("quota_exceeded");
            assertThat(refused.errorMessage()).contains("2 open event streams", "MOORING_LIMITS_EVENT_STREAMS");
            try (EventStreamClient theirs = EventStreamClient.open(port, accounts.tenant().bearer(), null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> theirs.heartbeats() > 0);
            }

            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (EventStreamClient again = EventStreamClient.open(port, tenant.bearer(), null)) {
                    await().atMost(Duration.ofSeconds(3)).until(() -> again.heartbeats() > 0);
                }
            });
        }
    }

    @Test
    void pendingConnectsBeyondTheQuotaAreRefusedUntilOneIsFinished() {
        Tenant tenant = accounts.tenant();
        String firstState = null;
        for (int i = 0; i < 3; i++) {
            Answer started = startSandbox(tenant);
            assertThat(started.status()).isEqualTo(200);
            firstState = firstState == null ? started.body().get("state").asText() : firstState;
        }

        Answer refused = startSandbox(tenant);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("quota_exceeded");
        assertThat(refused.errorMessage()).contains("3 pending connects", "MOORING_LIMITS_PENDING_CONNECTS");
        assertThat(pendingConnects(tenant)).isEqualTo(3);

        deny(firstState);
        assertThat(startSandbox(tenant).status()).isEqualTo(200);
        assertThat(pendingConnects(tenant)).isEqualTo(3);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private Answer startSandbox(Tenant tenant) {
        return api.post("/v1/accounts/connect/sandbox", tenant.bearer(), Map.of());
    }

    /** The user says no at the platform: the browser comes back with an error, and the connect is over. */
    private void deny(String state) {
        Answer denied = api.get("/v1/accounts/connect/sandbox/complete?error=access_denied&state=" + state, "none");
        assertThat(denied.status()).as(denied.body().toString()).isEqualTo(422);
    }

    private Answer connectBluesky(Tenant tenant, String identifier, String appPassword) {
        return api.post("/v1/accounts/connect/bluesky/complete", tenant.bearer(),
                Map.of("identifier", identifier, "appPassword", appPassword));
    }

    private Answer createEndpoint(Tenant tenant) {
        return api.post("/v1/webhook-endpoints", tenant.bearer(), Map.of("url", "http://127.0.0.1:9/hooks"));
    }

    private static String resend() {
        return "/v1/webhook-endpoints/ep_01JZZZZZZZZZZZZZZZZZZZZZZZ/deliveries/" + NO_DELIVERY + "/resend";
    }

    private int endpointRows(Tenant tenant) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from webhook_endpoints where workspace_id = :ws")
                .bind("ws", tenant.workspace().value()).mapTo(Integer.class).one());
    }

    private int pendingConnects(Tenant tenant) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select count(*) from connect_sessions where workspace_id = :ws and used_at is null")
                .bind("ws", tenant.workspace().value()).mapTo(Integer.class).one());
    }
}
