package dev.mooring.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.Map;

import static dev.mooring.api.platform.TestPlatforms.RETURN_ORIGIN;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Connecting a LinkedIn member in a browser, against a test server that holds Mooring to LinkedIn's rules. */
@MooringWithTestPlatforms
class LinkedInConnectTest {

    private static final LinkedInTestServer.Member LISE = new LinkedInTestServer.Member("782bbtaQ", "Lise", "Meitner",
            "https://media.licdn.com/dms/image/lise.jpg", "lise@example.org");

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    LinkedInTestServer linkedIn;

    final Browser browser = new Browser();
    ConnectApi api;

    @BeforeEach
    void newWorkspace() {
        api = new ConnectApi(http, accounts.tenant());
    }

    @Test
    void connectsALinkedInMemberWhoseTokenRunsOutInSixtyDays() {
        Started started = api.start("linkedin", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        linkedIn.approves(started.state(), LISE);

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.location()).hasHost("app.example").hasPath("/connected");
        JsonNode account = api.accounts().get(0);
        assertThat(account.get("id").asText()).isEqualTo(landing.locationParameter("accountId"));
        assertThat(account.get("platform").asText()).isEqualTo("linkedin");
        assertThat(account.get("platformUserId").asText()).isEqualTo(LISE.sub());
        assertThat(account.get("displayName").asText()).isEqualTo("Lise Meitner");
        assertThat(account.get("handle").isNull()).isTrue();
        assertThat(account.get("avatarUrl").asText()).isEqualTo(LISE.picture());
        assertThat(Instant.parse(account.get("tokenExpiresAt").asText()))
                .isCloseTo(Instant.now().plusSeconds(LinkedInTestServer.ACCESS_TOKEN_SECONDS), within(60, SECONDS));
    }

    @Test
    void theMemberComesFromTheIdTokenSoAFreshTokenRefusedAtUserinfoDoesNotMatter() {
        Started started = api.start("linkedin", Map.of());
        linkedIn.approves(started.state(), LISE);
        // LinkedIn reportedly calls a brand-new token revoked for 5-10 s: any userinfo call now would fail
        linkedIn.answerNext(LinkedInTestServer.USERINFO, LinkedInTestServer.revokedAccessToken(),
                LinkedInTestServer.revokedAccessToken(), LinkedInTestServer.revokedAccessToken());

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode account = ConnectApi.json(answer.body());
        assertThat(account.get("platformUserId").asText()).isEqualTo(LISE.sub());
        assertThat(account.get("displayName").asText()).isEqualTo(LISE.name());
        assertThat(account.get("avatarUrl").asText()).isEqualTo(LISE.picture());
        assertThat(linkedIn.calls(LinkedInTestServer.USERINFO)).isZero();
    }

    @Test
    void withoutAnIdTokenAFreshTokenLinkedInBrieflyCallsRevokedIsTriedOnceMoreAtUserinfo() {
        linkedIn.issuesIdTokens(false);
        Started started = api.start("linkedin", Map.of());
        linkedIn.approves(started.state(), LISE);
        linkedIn.answerNext(LinkedInTestServer.USERINFO, LinkedInTestServer.revokedAccessToken());

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(ConnectApi.json(answer.body()).get("platformUserId").asText()).isEqualTo(LISE.sub());
        assertThat(ConnectApi.json(answer.body()).get("displayName").asText()).isEqualTo(LISE.name());
        assertThat(linkedIn.calls(LinkedInTestServer.USERINFO)).isEqualTo(2);
    }

    @Test
    void withoutAnIdTokenATokenLinkedInKeepsCallingRevokedIsPlatformRejected() {
        linkedIn.issuesIdTokens(false);
        Started started = api.start("linkedin", Map.of());
        linkedIn.approves(started.state(), LISE);
        linkedIn.answerNext(LinkedInTestServer.USERINFO, LinkedInTestServer.revokedAccessToken(),
                LinkedInTestServer.revokedAccessToken());

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).isEqualTo(422);
        JsonNode error = ConnectApi.json(answer.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("platform_rejected");
        assertThat(error.get("message").asText()).contains("REVOKED_ACCESS_TOKEN");
        assertThat(linkedIn.calls(LinkedInTestServer.USERINFO)).isEqualTo(2);
        assertThat(api.accounts()).isEmpty();
    }
}
