package dev.mooring.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.account.AccountConnected;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.mooring.api.platform.TestPlatforms.RETURN_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static java.time.temporal.ChronoUnit.SECONDS;

/** Connecting an X account in a browser, against a test server that holds Mooring to X's rules. */
@MooringWithTestPlatforms
class XConnectTest {

    private static final XTestServer.User ADA = new XTestServer.User("1460000000000000001", "Ada Lovelace", "ada",
            "https://pbs.twimg.com/profile_images/1/ada_normal.jpg");

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    XTestServer x;
    @Autowired
    EventStore eventStore;
    @Autowired
    CredentialsSealer sealer;
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
    void connectsAnXAccountAndSendsTheBrowserBackWithItsId() {
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        x.approves(started.state(), ADA);

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.status()).isEqualTo(302);
        assertThat(landing.location()).hasScheme("https").hasHost("app.example").hasPath("/connected");
        JsonNode listed = api.accounts();
        assertThat(listed).hasSize(1);
        JsonNode account = listed.get(0);
        assertThat(account.get("id").asText()).isEqualTo(landing.locationParameter("accountId"));
        assertThat(account.get("platform").asText()).isEqualTo("x");
        assertThat(account.get("platformUserId").asText()).isEqualTo(ADA.id());
        assertThat(account.get("displayName").asText()).isEqualTo(ADA.name());
        assertThat(account.get("handle").asText()).isEqualTo(ADA.username());
        assertThat(account.get("avatarUrl").asText()).isEqualTo(ADA.profileImageUrl());
        assertThat(account.get("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(account.get("tokenExpiresAt").asText()))
                .isCloseTo(Instant.now().plus(Duration.ofHours(2)), within(60, SECONDS));
    }

    @Test
    void withoutAReturnUrlCompleteAnswersTheNewAccount() {
        Started started = api.start("x", Map.of());
        x.approves(started.state(), ADA);

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).isEqualTo(201);
        JsonNode account = ConnectApi.json(answer.body());
        assertThat(account.get("platformUserId").asText()).isEqualTo(ADA.id());
        assertThat(account.get("handle").asText()).isEqualTo(ADA.username());
        assertThat(api.accounts().get(0).get("id")).isEqualTo(account.get("id"));
    }

    @Test
    void reconnectingTheSameXUserKeepsTheAccountAndReplacesItsTokens() {
        XTestServer.User grace = new XTestServer.User("1460000000000000002", "Grace Hopper", "grace",
                "https://pbs.twimg.com/profile_images/2/grace_normal.jpg");

        String first = connect(grace);
        String second = connect(grace);

        assertThat(second).isEqualTo(first);
        List<AccountConnected> connects = eventStore.readEvents(first).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(AccountConnected.class::isInstance)
                .map(AccountConnected.class::cast)
                .toList();
        assertThat(connects).extracting(AccountConnected::reconnected).containsExactly(false, true);
        List<String> issued = x.accessTokensIssuedTo(grace);
        assertThat(issued).hasSize(2);
        assertThat(sealer.open(new AccountId(first), connects.get(1).credentials()).accessToken()).isEqualTo(issued.get(1));
        assertThat(api.accounts()).hasSize(1);
    }

    @Test
    void aCodeOlderThanXsThirtySecondsIsRejectedAndCreatesNothing() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        x.approves(started.state(), ADA);
        Page consented = browser.open(started.redirectUrl());

        x.advanceClock(XTestServer.CODE_LIFETIME.plusSeconds(1));
        Page landing = browser.followFrom(consented);

        assertThat(landing.location()).hasHost("app.example");
        assertThat(landing.locationParameter("error")).isEqualTo("platform_rejected");
        assertThat(landing.locationParameter("accountId")).isNull();
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void anXRateLimitIsPlatformUnavailableWithRetryAfter() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());

        Page answer = connectWhileXAnswers(XTestServer.USERS_ME, XTestServer.rateLimited(Instant.now().plusSeconds(120)));

        assertThat(answer.status()).isEqualTo(503);
        JsonNode error = ConnectApi.json(answer.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("platform_unavailable");
        assertThat(error.get("platform").asText()).isEqualTo("x");
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(60L, 120L);
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void aProfileThatDoesNotSayWhoTheUserIsIsPlatformRejected() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());

        // X answers 200 with only an errors array when it cannot give the user
        Page answer = connectWhileXAnswers(XTestServer.USERS_ME, PlatformAnswer.json(200, """
                {"errors":[{"title":"Not Found Error","detail":"Could not find the user","type":"https://api.twitter.com/2/problems/resource-not-found"}]}"""));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(ConnectApi.json(answer.body()).at("/error/code").asText()).isEqualTo("platform_rejected");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void anXTokenEndpointThatStopsAnsweringIsPlatformUnavailable() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());

        Page answer = connectWhileXAnswers(XTestServer.TOKEN, PlatformAnswer.hang());

        assertThat(answer.status()).isEqualTo(503);
        assertThat(ConnectApi.json(answer.body()).at("/error/code").asText()).isEqualTo("platform_unavailable");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    /** Ada connects without a returnUrl while X answers the next request to {@code path} with {@code answer}. */
    private Page connectWhileXAnswers(String path, PlatformAnswer answer) {
        Started started = api.start("x", Map.of());
        x.approves(started.state(), ADA);
        x.answerNext(path, answer);
        return browser.follow(started.redirectUrl());
    }

    private String connect(XTestServer.User user) {
        Started started = api.start("x", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        x.approves(started.state(), user);
        return browser.follow(started.redirectUrl()).locationParameter("accountId");
    }
}
