package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.RevokeAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mooring.proxy.requests} and {@code mooring.proxy.calls} as an operator reads them, over
 * HTTP from {@code /actuator/metrics} with the admin token, after proxied calls to the platforms'
 * test servers: an answer, a refusal passed through, a platform not reached, a call Mooring refused.
 * The test platforms serve every {@link ProxyTest} class, so each test compares counts before and after.
 */
@ProxyTest
class ProxyMetricsTest {

    private static final XTestServer.User ADA = new XTestServer.User("x-metrics", "Ada", "ada", "https://pbs.twimg.test/ada.jpg");

    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    ObjectMapper json;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    ProxyTest.NowhereOrigin nowhere;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = accounts.tenant();
    }

    @Test
    void anAnsweredCallIsTimedUnderItsPlatformMethodAndStatusClass() throws Exception {
        String token = x.grant(ADA).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id() + "-" + System.nanoTime(), token);
        Measured before = measured(ProxyMetrics.REQUESTS, "x", "POST", "2xx");
        Measured callsBefore = measured(ProxyMetrics.CALLS, "x", "POST", "2xx");

        HttpResponse<String> posted = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy/2/tweets", tenant.key(),
                Map.of("Content-Type", "application/json"), "{\"text\":\"measured\"}");

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        Measured after = counted(before.count() + 1, ProxyMetrics.REQUESTS, "x", "POST", "2xx");
        assertThat(after.totalSeconds()).as("the platform's answer took some time").isGreaterThan(before.totalSeconds());
        Measured callsAfter = counted(callsBefore.count() + 1, ProxyMetrics.CALLS, "x", "POST", "2xx");
        assertThat(callsAfter.totalSeconds() - callsBefore.totalSeconds()).as("the whole call holds the platform's part")
                .isGreaterThanOrEqualTo(after.totalSeconds() - before.totalSeconds());
    }

    @Test
    void aPlatformsRefusalPassedThroughCountsAsItsStatusClass() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, "x-stale-" + System.nanoTime(), "a-token-x-never-issued");
        Measured refusedBefore = measured(ProxyMetrics.REQUESTS, "x", "GET", "4xx");
        Measured answeredBefore = measured(ProxyMetrics.REQUESTS, "x", "GET", "2xx");

        HttpResponse<String> me = proxy.send("GET", "/v1/accounts/" + id.value() + "/proxy/2/users/me", tenant.key(), Map.of(), null);

        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(me.headers().firstValue("x-mooring-platform-status")).hasValue("401");
        counted(refusedBefore.count() + 1, ProxyMetrics.REQUESTS, "x", "GET", "4xx");
        assertThat(measured(ProxyMetrics.REQUESTS, "x", "GET", "2xx").count()).isEqualTo(answeredBefore.count());
    }

    @Test
    void aPlatformThatCannotBeReachedCountsAsUnreachable() throws Exception {
        AccountId id = linkedInAccount();
        Measured before = measured(ProxyMetrics.REQUESTS, "linkedin", "PUT", ProxyMetrics.UNREACHABLE);
        Measured callsBefore = measured(ProxyMetrics.CALLS, "linkedin", "PUT", ProxyMetrics.UNREACHABLE);

        HttpResponse<String> answer = proxy.send("PUT", "/v1/accounts/" + id.value() + "/proxy-url?url="
                + URLEncoder.encode(nowhere.origin() + "/upload", StandardCharsets.UTF_8), tenant.key(), Map.of(), "bytes");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(json.readTree(answer.body()).at("/error/code").asText()).isEqualTo("platform_unavailable");
        counted(before.count() + 1, ProxyMetrics.REQUESTS, "linkedin", "PUT", ProxyMetrics.UNREACHABLE);
        counted(callsBefore.count() + 1, ProxyMetrics.CALLS, "linkedin", "PUT", ProxyMetrics.UNREACHABLE);
    }

    @Test
    void aCallMooringRefusesBeforeSendingCountsAsRefusedWithNoUpstreamTime() throws Exception {
        AccountId id = linkedInAccount();
        Measured before = measured(ProxyMetrics.REQUESTS, "linkedin", "POST", ProxyMetrics.REFUSED);

        HttpResponse<String> refused = proxy.send("POST", "/v1/accounts/" + id.value() + "/proxy-url?url="
                + URLEncoder.encode("https://uploads.elsewhere.example/upload", StandardCharsets.UTF_8), tenant.key(), Map.of(), "bytes");

        assertThat(json.readTree(refused.body()).at("/error/code").asText()).as(refused.body()).isEqualTo("proxy_host_not_allowed");
        Measured after = counted(before.count() + 1, ProxyMetrics.REQUESTS, "linkedin", "POST", ProxyMetrics.REFUSED);
        assertThat(after.totalSeconds()).as("nothing was sent").isEqualTo(before.totalSeconds());
    }

    @Test
    void aCallRefusedBeforeItsAccountIsReadNamesNoPlatformAndIsNotCounted() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, "x-revoked-" + System.nanoTime(), x.grant(ADA).accessToken());
        commands.sendAndWait(new RevokeAccount(id, ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"));
        Measured before = measured(ProxyMetrics.REQUESTS, "x", "DELETE", ProxyMetrics.REFUSED);

        HttpResponse<String> refused = proxy.send("DELETE", "/v1/accounts/" + id.value() + "/proxy/2/tweets/1", tenant.key(), Map.of(), null);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(measured(ProxyMetrics.REQUESTS, "x", "DELETE", ProxyMetrics.REFUSED)).isEqualTo(before);
    }

    @Test
    void theMetersCarryOnlyBoundedTagsAndOnlyTheAdminTokenReadsThem() throws Exception {
        String token = x.grant(ADA).accessToken();
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, ADA.id() + "-tags-" + System.nanoTime(), token);
        assertThat(proxy.send("GET", "/v1/accounts/" + id.value() + "/proxy/2/users/me?user.fields=username", tenant.key(), Map.of(), null)
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> actuator("/actuator/metrics/" + ProxyMetrics.CALLS, MooringTest.ADMIN_TOKEN).statusCode() == 200);

        for (String meter : List.of(ProxyMetrics.REQUESTS, ProxyMetrics.CALLS)) {
            HttpResponse<String> all = actuator("/actuator/metrics/" + meter, MooringTest.ADMIN_TOKEN);
            assertThat(all.statusCode()).isEqualTo(200);
            List<String> tags = new ArrayList<>();
            json.readTree(all.body()).get("availableTags").forEach(tag -> tags.add(tag.get("tag").asText()));
            assertThat(tags).containsExactlyInAnyOrder("platform", "method", "status");
            assertThat(all.body()).doesNotContain(token).doesNotContain(id.value()).doesNotContain("users/me").doesNotContain(tenant.key());
            assertThat(actuator("/actuator/metrics/" + meter, tenant.key()).statusCode()).as("an API key does not see it").isEqualTo(404);
        }
    }

    private AccountId linkedInAccount() {
        String token = linkedIn.grant(new LinkedInTestServer.Member("li-metrics", "Metric", "S", "https://media.licdn.test/m.jpg",
                "m@example.org")).accessToken();
        return proxy.connected(tenant.workspace(), Platform.LINKEDIN, "li-metrics-" + System.nanoTime(), token);
    }

    /** A meter's count and total time for one set of tags; none yet when no call had them. */
    record Measured(double count, double totalSeconds) {
    }

    /**
     * The meter once it has counted {@code count}: a call's outcome is recorded as it ends, which
     * may be a moment after its caller has the answer's last byte.
     */
    private Measured counted(double count, String meter, String platform, String method, String status) {
        Measured measured = await().atMost(Duration.ofSeconds(5)).until(() -> measured(meter, platform, method, status),
                seen -> seen.count() >= count);
        assertThat(measured.count()).as(meter + " " + platform + " " + method + " " + status).isEqualTo(count);
        return measured;
    }

    private Measured measured(String meter, String platform, String method, String status) throws Exception {
        HttpResponse<String> answer = actuator("/actuator/metrics/" + meter + "?tag=platform:" + platform + "&tag=method:" + method
                + "&tag=status:" + status, MooringTest.ADMIN_TOKEN);
        if (answer.statusCode() == 404) {
            return new Measured(0, 0);
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        double count = 0;
        double total = 0;
        for (JsonNode measurement : json.readTree(answer.body()).get("measurements")) {
            switch (measurement.get("statistic").asText()) {
                case "COUNT" -> count = measurement.get("value").asDouble();
                case "TOTAL_TIME" -> total = measurement.get("value").asDouble();
                default -> { }
            }
        }
        return new Measured(count, total);
    }

    private HttpResponse<String> actuator(String pathAndQuery, String bearer) {
        return proxy.send(HttpRequest.newBuilder(proxy.url(pathAndQuery)).header("Authorization", "Bearer " + bearer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
