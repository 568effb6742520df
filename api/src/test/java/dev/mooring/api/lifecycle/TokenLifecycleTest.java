package dev.mooring.api.lifecycle;

import dev.mooring.api.MooringApplication;
import dev.mooring.api.sandbox.SandboxAccounts;
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
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle against the sandbox platform with 30-second tokens refreshed 8 seconds after they
 * are issued. The sandbox revokes a whole grant when a refresh token is used twice, so any double
 * refresh would show up here as a revoked account.
 */
@SpringBootTest(classes = MooringApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "mooring.data-dir=target/test-data/${random.uuid}",
                "mooring.sandbox.access-token-lifetime=30s",
                "mooring.lifecycle.refresh-margin.sandbox=22s",
                "mooring.lifecycle.first-retry=1s",
                "mooring.lifecycle.max-retry=2s"})
@Import(TestAccounts.class)
@DirtiesContext // its short-lived tokens would keep refreshing in the background of later tests
class TokenLifecycleTest {

    static final FlakyUpstream UPSTREAM = start();

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

        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.eventProcessors.details.accounts").isEqualTo("running")
                .jsonPath("$.components.eventProcessors.details.TokenLifecycleSagaProcessor").isEqualTo("running");
        http.get().uri("/actuator/metrics/mooring.refresh?tag=platform:sandbox&tag=outcome:refreshed")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[0].value").value(value ->
                        assertThat(((Number) value).doubleValue()).isGreaterThanOrEqualTo(1.0));
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

    private static FlakyUpstream start() {
        try {
            return new FlakyUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
