package dev.mooring.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.RawHttp;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator in public says UP or DOWN and nothing else; the components with their details (the
 * data directory, disk sizes, operator faults naming platforms and accounts) and the metrics are
 * the operator's, behind the admin token. An API key is a workspace's credential, not the
 * operator's: it opens nothing here.
 */
@MooringTest
class ActuatorAccessTest {

    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + MooringTest.ADMIN_TOKEN);
    private static final List<String> METRICS = List.of("/actuator/metrics", "/actuator/metrics/jvm.memory.used");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;

    final ObjectMapper json = new ObjectMapper();
    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @Test
    void publicHealthIsABareStatus() throws Exception {
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", tenant.bearer()),
                Map.of("Authorization", "Bearer not-the-admin-token"))) {
            RawHttp.Response health = RawHttp.send(port, "GET", "/actuator/health", headers);
            assertThat(health.status()).as(headers.toString()).isEqualTo(200);
            JsonNode body = json.readTree(health.body());
            assertThat(body.properties()).as(health.body()).hasSize(1);
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(health.body()).doesNotContain("components", "details", "diskSpace", "path", "total", "free");
        }
    }

    @Test
    void theAdminTokenSeesEveryComponentWithItsDetails() throws Exception {
        RawHttp.Response health = RawHttp.send(port, "GET", "/actuator/health", ADMIN);
        assertThat(health.status()).isEqualTo(200);
        JsonNode body = json.readTree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/db/status").asText()).isEqualTo("UP");
        String diskPath = body.at("/components/diskSpace/details/path").asText();
        assertThat(diskPath).isNotBlank();
        assertThat(body.at("/components/diskSpace/details/total").isNumber()).isTrue();
        assertThat(RawHttp.send(port, "GET", "/actuator/health", Map.of()).body()).doesNotContain(diskPath);
        assertThat(body.at("/components/eventProcessors/details/accounts").asText()).isEqualTo("running");
        assertThat(body.at("/components/operator/status").asText()).isEqualTo("UP");

        RawHttp.Response component = RawHttp.send(port, "GET", "/actuator/health/db", ADMIN);
        assertThat(component.status()).isEqualTo(200);
        assertThat(json.readTree(component.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsAndEveryOtherActuatorPathNeedTheAdminToken() throws Exception {
        List<String> hidden = List.of("/actuator", "/actuator/metrics", "/actuator/metrics/jvm.memory.used",
                "/actuator/health/db", "/actuator/health/diskSpace", "/actuator/health/", "/actuator/env");
        for (String path : hidden) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", tenant.bearer()),
                    Map.of("Authorization", "Bearer not-the-admin-token"), Map.of("Authorization", "Basic eDp4"))) {
                RawHttp.Response response = RawHttp.send(port, "GET", path, headers);
                assertThat(response.status()).as(path + " " + headers).isEqualTo(404);
                assertEnvelope(response, "not_found", path);
            }
        }
        for (String path : METRICS) {
            RawHttp.Response response = RawHttp.send(port, "GET", path, ADMIN);
            assertThat(response.status()).as(path).isEqualTo(200);
        }
        assertThat(json.readTree(RawHttp.send(port, "GET", "/actuator/metrics", ADMIN).body()).get("names"))
                .isNotEmpty();
    }

    /** Requests are timed whole; the gate's filters are not observed one by one (a profile showed their cost). */
    @Test
    void requestsAreTimedWholeAndTheGateIsNotObservedFilterByFilter() throws Exception {
        assertThat(RawHttp.send(port, "GET", "/v1/accounts", Map.of("Authorization", tenant.bearer())).status()).isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", "/v1/accounts", Map.of("Authorization", "Bearer not-a-key")).status()).isEqualTo(401);
        List<String> names = json.convertValue(json.readTree(RawHttp.send(port, "GET", "/actuator/metrics", ADMIN).body()).get("names"),
                json.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(names).contains("http.server.requests");
        assertThat(names).noneMatch(name -> name.startsWith("spring.security."));
    }

    /** The spellings routing would read as the actuator are refused before any check, with or without the token. */
    @Test
    void pathTricksOnTheActuatorAreRefused() throws Exception {
        List<String> tricks = List.of("/actuator;/metrics", "/actuator/metrics;x=1", "/%61ctuator/metrics",
                "/actuator/%6detrics", "/actuator/health;/x", "/%61ctuator/health", "/actuator//metrics",
                "/actuator/./metrics", "/x/../actuator/metrics", "/actuator%2Fmetrics");
        for (String trick : tricks) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), ADMIN)) {
                RawHttp.Response response = RawHttp.send(port, "GET", trick, headers);
                assertThat(response.status()).as(trick + " " + headers).isEqualTo(400);
                assertEnvelope(response, "validation_failed", trick);
            }
        }
    }

    /** With no admin token configured there is no operator: health is bare and metrics do not exist. */
    @Test
    void withAdminOffHealthIsBareAndMetricsAreAbsent() throws Exception {
        try (RunningMooring off = RunningMooring.start("mooring.data-dir=target/test-data/" + UUID.randomUUID(),
                "mooring.admin.token=", "mooring.dev-key=false")) {
            int offPort = Integer.parseInt(off.context().getEnvironment().getProperty("local.server.port"));
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer "),
                    Map.of("Authorization", "Bearer " + MooringTest.ADMIN_TOKEN))) {
                RawHttp.Response health = RawHttp.send(offPort, "GET", "/actuator/health", headers);
                assertThat(health.status()).isEqualTo(200);
                assertThat(json.readTree(health.body()).properties()).as(health.body()).hasSize(1);
                for (String path : METRICS) {
                    RawHttp.Response metrics = RawHttp.send(offPort, "GET", path, headers);
                    assertThat(metrics.status()).as(path + " " + headers).isEqualTo(404);
                    assertEnvelope(metrics, "not_found", path);
                }
            }
        }
    }

    private void assertEnvelope(RawHttp.Response response, String code, String what) throws Exception {
        JsonNode body = json.readTree(response.body());
        assertThat(body.at("/error/code").asText()).as(what + " -> " + response.body()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).as(what).isNotBlank();
        assertThat(body.at("/error/requestId").asText()).as(what).isEqualTo(response.headers().get("x-request-id"));
    }
}
