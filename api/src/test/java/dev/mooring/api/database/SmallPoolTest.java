package dev.mooring.api.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No database connection is held while a platform answers: a Mooring with two connections
 * ({@code MOORING_DATABASE_POOL_SIZE}, set under that name) refreshes twenty accounts at once against
 * a slow X, and reads keep answering meanwhile. A pool with no free connection answers 503
 * {@code service_busy} after {@code MOORING_DATABASE_CONNECTION_TIMEOUT}, never 500.
 */
@MooringWithTestPlatforms
@ContextConfiguration(initializers = SmallPoolTest.Settings.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmallPoolTest {

    static final int POOL_SIZE = 2;
    static final int REFRESHES = 20;
    static final Duration SLOW_X = Duration.ofSeconds(2);

    static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("small-pool-env", Map.of(
                    "MOORING_DATABASE_POOL_SIZE", String.valueOf(POOL_SIZE),
                    "MOORING_DATABASE_CONNECTION_TIMEOUT", "2s",
                    // every refresh upstream at once: twenty requests of one workspace on twenty workers
                    "MOORING_LIMITS_UPSTREAM_CALLS", String.valueOf(REFRESHES),
                    "MOORING_LIFECYCLE_REFRESH_WORKERS", String.valueOf(REFRESHES))));
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    XTestServer x;
    @Autowired
    HikariDataSource pool;

    final Browser browser = new Browser();
    Tenant tenant;
    ConnectApi api;

    @BeforeEach
    void newWorkspace() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        tenant = accounts.tenant();
        api = new ConnectApi(http, tenant);
    }

    @Test
    @Order(1)
    void theSettingsSizeThePool() {
        assertThat(pool.getMaximumPoolSize()).isEqualTo(POOL_SIZE);
        assertThat(pool.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(2).toMillis());
    }

    @Test
    @Order(2)
    void twentySlowRefreshesOverTwoConnectionsAllSucceedWhileReadsKeepAnswering() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REFRESHES; i++) {
            ids.add(connect(xUser("pooled-" + i)));
        }
        x.delay(XTestServer.TOKEN, SLOW_X);
        ExecutorService callers = Executors.newFixedThreadPool(REFRESHES);
        try {
            List<Future<EntityExchangeResult<byte[]>>> refreshes = new ArrayList<>();
            for (String id : ids) {
                refreshes.add(callers.submit(() -> http.post().uri("/v1/accounts/" + id + "/refresh")
                        .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                        .exchange().expectBody().returnResult()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> x.inFlight(XTestServer.TOKEN) > POOL_SIZE);

            for (int read = 0; read < 3; read++) {
                JsonNode listed = api.accounts();
                assertThat(listed).hasSize(REFRESHES);
                assertThat(x.inFlight(XTestServer.TOKEN)).as("refreshes still waiting on X when the read was answered").isPositive();
            }
            for (Future<EntityExchangeResult<byte[]>> refresh : refreshes) {
                EntityExchangeResult<byte[]> answer = refresh.get(60, TimeUnit.SECONDS);
                String body = new String(answer.getResponseBodyContent(), StandardCharsets.UTF_8);
                assertThat(answer.getStatus().value()).as(body).isEqualTo(200);
                assertThat(ConnectApi.json(body).get("refreshedAt").isNull()).as(body).isFalse();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(x.mostInFlight(XTestServer.TOKEN)).as("platform calls under way at once, over a pool of " + POOL_SIZE)
                .isGreaterThan(POOL_SIZE);
        assertThat(x.refreshTokensPresentedMoreThanOnce()).isEmpty();
    }

    /** Last: while the test holds every connection, Axon's processors fail too and back off a little. */
    @Test
    @Order(3)
    void withEveryConnectionTakenAReadAnswers503ServiceBusyThenAnswersAgain() throws Exception {
        EntityExchangeResult<byte[]> busy;
        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            busy = http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .exchange().expectBody().returnResult();
        }

        String body = new String(busy.getResponseBodyContent(), StandardCharsets.UTF_8);
        assertThat(busy.getStatus().value()).as(body).isEqualTo(503);
        assertThat(ConnectApi.json(body).at("/error/code").asText()).isEqualTo("service_busy");
        assertThat(ConnectApi.json(body).at("/error/requestId").asText()).startsWith("req_");
        assertThat(busy.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(api.accounts()).isEmpty();
    }

    private String connect(XTestServer.User user) {
        Started started = api.start("x", Map.of());
        x.approves(started.state(), user);
        Browser.Page answer = browser.follow(started.redirectUrl());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return ConnectApi.json(answer.body()).get("id").asText();
    }

    private static XTestServer.User xUser(String name) {
        return new XTestServer.User("14700000" + Math.abs(name.hashCode()), "Name of " + name, name,
                "https://pbs.twimg.com/profile_images/1/" + name + "_normal.jpg");
    }
}
