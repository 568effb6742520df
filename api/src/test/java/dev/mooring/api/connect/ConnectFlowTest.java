package dev.mooring.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static dev.mooring.api.platform.TestPlatforms.RETURN_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every OAuth connect guarantees whatever the platform: the state is single-use, short-lived
 * and bound to its platform; the browser only goes back to an allowed origin; starting needs the
 * API key and completing does not; and a failed connect leaves nothing behind.
 */
@MooringWithTestPlatforms
class ConnectFlowTest {

    private static final XTestServer.User ADA = new XTestServer.User("1460000000000000001", "Ada Lovelace", "ada",
            "https://pbs.twimg.com/profile_images/1/ada_normal.jpg");
    private static final LinkedInTestServer.Member LISE = new LinkedInTestServer.Member("782bbtaQ", "Lise", "Meitner",
            "https://media.licdn.com/dms/image/lise.jpg", "lise@example.org");

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    Jdbi jdbi;
    @LocalServerPort
    int port;

    final Browser browser = new Browser();
    Tenant tenant;
    ConnectApi api;
    StoredFootprint before;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        api = new ConnectApi(http, tenant);
        before = StoredFootprint.of(jdbi, tenant.workspace());
    }

    @Test
    void deniedConsentSendsTheBrowserBackWithPlatformRejectedAndCreatesNothing() {
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        x.denies(started.state());

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.status()).isEqualTo(302);
        assertThat(landing.location()).hasHost("app.example").hasPath("/connected");
        assertThat(landing.locationParameter("error")).isEqualTo("platform_rejected");
        assertThat(landing.locationParameter("accountId")).isNull();
        assertNothingCreated();
    }

    @Test
    void deniedConsentWithoutAReturnUrlAnswersTheErrorEnvelope() {
        Started started = api.start("linkedin", Map.of());
        linkedIn.denies(started.state());

        Page answer = browser.follow(started.redirectUrl());

        JsonNode error = error(answer, 422);
        assertThat(error.get("code").asText()).isEqualTo("platform_rejected");
        assertThat(error.get("platform").asText()).isEqualTo("linkedin");
        assertThat(error.get("message").asText()).contains("user_cancelled_authorize");
        assertNothingCreated();
    }

    @Test
    void aCodeThePlatformDoesNotAcceptIsPlatformRejected() {
        Started started = api.start("linkedin", Map.of());
        linkedIn.approves(started.state(), LISE);
        Page consented = browser.open(started.redirectUrl());
        URI staleCode = UriComponentsBuilder.fromUri(consented.location()).replaceQueryParam("code", "a-stale-code")
                .build(true).toUri();

        Page answer = browser.follow(staleCode);

        JsonNode error = error(answer, 422);
        assertThat(error.get("code").asText()).isEqualTo("platform_rejected");
        assertThat(error.get("message").asText()).contains("invalid_request", "authorization code expired");
        assertNothingCreated();
    }

    @Test
    void anOutageDuringTheExchangeIsPlatformUnavailable() {
        Started started = api.start("linkedin", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        linkedIn.approves(started.state(), LISE);
        linkedIn.answerNext(LinkedInTestServer.TOKEN, LinkedInTestServer.unavailable());

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.locationParameter("error")).isEqualTo("platform_unavailable");
        assertNothingCreated();
    }

    @Test
    void anUnknownStateIsValidationFailed() {
        Page answer = browser.open(mooring("/v1/accounts/connect/x/complete?code=some-code&state=never-issued"));

        assertThat(error(answer, 400).get("code").asText()).isEqualTo("validation_failed");
        assertThat(x.calls(XTestServer.TOKEN)).isZero();
    }

    @Test
    void aStateCompletesOnlyOnce() {
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        x.approves(started.state(), ADA);
        Page consented = browser.open(started.redirectUrl());
        assertThat(browser.followFrom(consented).locationParameter("accountId")).isNotNull();

        Page again = browser.followFrom(consented);

        assertThat(error(again, 400).get("code").asText()).isEqualTo("validation_failed");
        assertThat(x.calls(XTestServer.TOKEN)).isEqualTo(1);
        assertThat(api.accounts()).hasSize(1);
    }

    @Test
    void anExpiredStateIsValidationFailed() {
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        x.approves(started.state(), ADA);
        Page consented = browser.open(started.redirectUrl());
        // the ten minutes pass: this workspace's only session expired a moment ago
        jdbi.useHandle(handle -> handle.createUpdate(
                        "update connect_sessions set expires_at = now() - interval '1 second' where workspace_id = :ws")
                .bind("ws", tenant.workspace().value())
                .execute());

        Page answer = browser.followFrom(consented);

        assertThat(error(answer, 400).get("code").asText()).isEqualTo("validation_failed");
        assertThat(x.calls(XTestServer.TOKEN)).isZero();
        assertNothingCreated();
    }

    @Test
    void aStateCompletesOnlyThePlatformItWasStartedFor() {
        Started started = api.start("x", Map.of());

        Page answer = browser.open(mooring("/v1/accounts/connect/linkedin/complete?code=some-code&state=" + started.state()));

        assertThat(error(answer, 400).get("code").asText()).isEqualTo("validation_failed");
        assertThat(linkedIn.calls(LinkedInTestServer.TOKEN)).isZero();
    }

    @Test
    void aReturnUrlOffTheAllowedOriginsIsRefusedAtStart() {
        for (String returnUrl : List.of("https://evil.example/connected", "http://app.example/connected",
                "https://app.example:8443/connected", "https://app.example.evil.example/", "//evil.example/connected",
                "/connected", "javascript:alert(1)", "https://user@app.example/connected")) {
            api.startAnswer("x", Map.of("returnUrl", returnUrl))
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error.code").isEqualTo("validation_failed");
        }
        int sessions = jdbi.withHandle(handle -> handle.createQuery("select count(*) from connect_sessions where workspace_id = :ws")
                .bind("ws", tenant.workspace().value()).mapTo(Integer.class).one());
        assertThat(sessions).isZero();
    }

    @Test
    void theReturnUrlKeepsTheQueryItCameWith() {
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected?next=%2Fposts%3Ftab%3Dall&lang=fr#top"));
        x.approves(started.state(), ADA);

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.location().getRawQuery()).startsWith("next=%2Fposts%3Ftab%3Dall&lang=fr&accountId=acc_");
        assertThat(landing.location().getRawFragment()).isEqualTo("top");
        assertThat(landing.locationParameter("next")).isEqualTo("/posts?tab=all");
    }

    @Test
    void startingAConnectNeedsAnApiKey() {
        http.post().uri("/v1/accounts/connect/x").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
    }

    private URI mooring(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    private static JsonNode error(Page answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return ConnectApi.json(answer.body()).get("error");
    }

    private void assertNothingCreated() {
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }
}
