package dev.mooring.api.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.web.ReadAfterWriteProperties;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.Platform;
import dev.mooring.query.accounts.AccountsProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write whose row the read model does not show within {@code MOORING_READ_AFTER_WRITE_TIMEOUT}
 * (half a second here, with the accounts projection stopped) answers {@code 202 Accepted} with the
 * account's location, never 500; once the projection runs again the location answers. The time an
 * event waited for the projection shows in {@code mooring.accounts.lag}.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ContextConfiguration(initializers = ReadAfterWriteTimeoutTest.HalfASecond.class)
@DirtiesContext // its projection is stopped and its timeout is its own
class ReadAfterWriteTimeoutTest {

    /** The setting under the name docs/configuration.md lists, as the environment gives it. */
    static class HalfASecond implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                    "read-after-write-env", Map.of("MOORING_READ_AFTER_WRITE_TIMEOUT", "500ms")));
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestPds pds;
    @Autowired
    ObjectMapper json;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ConnectService connect;
    @Autowired
    ReadAfterWriteProperties settings;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        // the machine may be busy: the test's own waits are generous, the application's is half a second
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void projectionRunsAgain() {
        projection().start();
    }

    @Test
    void theTimeoutIsTakenFromItsEnvironmentName() {
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aConnectTheReadModelDoesNotShowInTimeAnswers202WithItsLocation() throws Exception {
        projection().shutDown();

        long started = System.nanoTime();
        TestPds.Account alice = pds.createAccount("alice-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        EntityExchangeResult<byte[]> answer = http.post().uri("/v1/accounts/connect/bluesky/complete")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("identifier", alice.handle(), "appPassword", pds.createAppPassword(alice)))
                .exchange().expectBody().returnResult();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        JsonNode body = json.readTree(answer.getResponseBody());
        assertThat(answer.getStatus().value()).as(body.toString()).isEqualTo(202);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        String id = body.get("accountId").asText();
        assertThat(id).startsWith("acc_");
        String location = answer.getResponseHeaders().getLocation().toString();
        assertThat(location).isEqualTo("/v1/accounts/" + id).isEqualTo(body.get("location").asText());
        get(location).expectStatus().isNotFound(); // the write is stored, not yet shown

        projection().start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get(location).expectStatus().isOk()
                .expectBody().jsonPath("$.platformUserId").isEqualTo(alice.did()));
    }

    @Test
    void aDisconnectTheReadModelDoesNotShowInTimeAnswers202() {
        String id = connected("leaving");
        projection().shutDown();

        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isAccepted()
                .expectHeader().location("/v1/accounts/" + id)
                .expectBody().jsonPath("$.accountId").isEqualTo(id);
        get("/v1/accounts/" + id).expectStatus().isOk(); // still shown: the projection is stopped

        projection().start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get("/v1/accounts/" + id).expectStatus().isNotFound());
        // a second DELETE: the account is gone for the aggregate too
        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void withTheProjectionRunningADisconnectAnswers204() {
        String id = connected("staying");
        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();
        get("/v1/accounts/" + id).expectStatus().isNotFound();
    }

    @Test
    void theReadModelLagCountsTheTimeAnEventWaitedForTheProjection() throws Exception {
        double countBefore = lag("COUNT");
        double totalBefore = lag("TOTAL_TIME");
        projection().shutDown();
        String id = connect.connect(TestAccounts.connection(tenant.workspace(), Platform.X, "held")).value();
        Thread.sleep(1_000); // the event waits a second for the stopped projection

        projection().start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lag("COUNT")).isGreaterThan(countBefore));
        // the held event alone adds its second; the max could be an earlier test's held event
        assertThat(lag("TOTAL_TIME") - totalBefore).as("seconds").isGreaterThanOrEqualTo(1.0);
        get("/v1/accounts/" + id).expectStatus().isOk();
    }

    /** A statistic of {@code mooring.accounts.lag} (times in seconds), as an operator reads it. */
    private double lag(String statistic) throws Exception {
        byte[] body = http.get().uri("/actuator/metrics/mooring.accounts.lag")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + MooringTest.ADMIN_TOKEN)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        for (JsonNode measurement : json.readTree(body).path("measurements")) {
            if (measurement.path("statistic").asText().equals(statistic)) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + new String(body, StandardCharsets.UTF_8));
    }

    /** Connected and shown, however long the projection takes (half a second is short on a busy machine). */
    private String connected(String userId) {
        String id = connect.connect(TestAccounts.connection(tenant.workspace(), Platform.X, userId)).value();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get("/v1/accounts/" + id).expectStatus().isOk());
        return id;
    }

    private WebTestClient.ResponseSpec get(String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange();
    }

    private StreamingEventProcessor projection() {
        return processing.eventProcessor(AccountsProjection.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
    }
}
