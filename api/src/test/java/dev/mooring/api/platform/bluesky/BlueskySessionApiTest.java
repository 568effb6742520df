package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.bluesky.BlueskyCalls.Answer;
import dev.mooring.api.platform.bluesky.TestPds.Account;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static dev.mooring.api.platform.bluesky.BlueskyConnectApiTest.handle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeping Bluesky sessions alive through {@code /refresh} and {@code /verify}: refresh before
 * login, login only when the refresh JWT is dead, revoke only when the login is refused.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ExtendWith(OutputCaptureExtension.class)
class BlueskySessionApiTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestPds pds;
    @Autowired
    ObjectMapper json;
    @Autowired
    Jdbi jdbi;

    BlueskyCalls api;
    Account account;
    String appPassword;
    String id;

    @BeforeEach
    void connectAnAccount() {
        api = new BlueskyCalls(http, accounts.tenant(), pds, json, jdbi);
        account = pds.createAccount(handle("sky"));
        appPassword = pds.createAppPassword(account);
        id = api.connected(account.handle(), appPassword);
    }

    @AfterEach
    void noSecretReachedTheLogs(CapturedOutput output) {
        pds.resetLoginLimit();
        pds.assertNoSecretIn(output.getAll());
    }

    @Test
    void disconnectEndsTheSessionAtThePdsAndKeepsTheAppPassword() {
        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, api.bearer())
                .exchange().expectStatus().isNoContent();

        assertThat(pds.sessionsDeleted(account)).isEqualTo(1);
        assertThat(disconnectedRevocation()).isEqualTo("revoked");
        // the user's app password is theirs: a new connect with it still works
        assertThat(api.connected(account.handle(), appPassword)).startsWith("acc_");
    }

    @Test
    void disconnectWhileThePdsIsDownStillDisconnectsAndSaysSo() {
        pds.failing(true);
        try {
            http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, api.bearer())
                    .exchange().expectStatus().isNoContent();
        } finally {
            pds.failing(false);
        }
        assertThat(pds.sessionsDeleted(account)).isZero();
        assertThat(disconnectedRevocation()).isEqualTo("failed");
    }

    private String disconnectedRevocation() {
        JsonNode history = ConnectApi.json(http.get().uri("/v1/accounts/" + id + "/history")
                .header(HttpHeaders.AUTHORIZATION, api.bearer()).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        JsonNode last = history.get("data").get(history.get("data").size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("account.disconnected");
        return last.get("data").get("upstreamRevocation").asText();
    }

    @Test
    void anAccountThatMovedToAnotherPdsIsFoundThereInsteadOfRevoked() {
        // the same test server under another name stands in for the PDS the account moved to
        URI newHome = URI.create("http://localhost:" + pds.pdsUrl().getPort());
        pds.moveTo(account, newHome);

        Answer answer = api.refresh(id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("status").asText()).isEqualTo("active");
        assertThat(pds.loginHosts(account)).contains(newHome.getAuthority());
        // the session now lives on the new PDS: the next refresh needs no login
        assertThat(api.refresh(id).status()).isEqualTo(200);
        assertThat(pds.refreshes(account)).isEqualTo(1);
        assertThat(api.eventTypes(id)).doesNotContain("AccountRevoked");
    }

    @Test
    void refreshRotatesTheSessionWithoutLoggingIn() {
        pds.advance(Duration.ofMinutes(30));
        Instant refreshAt = pds.now();

        Answer answer = api.refresh(id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("status").asText()).isEqualTo("active");
        assertThat(answer.body().get("refreshedAt").isNull()).isFalse();
        assertThat(Instant.parse(answer.body().get("tokenExpiresAt").asText()))
                .isAfterOrEqualTo(refreshAt.plus(TestPds.ACCESS_LIFETIME).minusSeconds(1));
        assertThat(pds.refreshes(account)).isEqualTo(1);
        assertThat(pds.loginAttempts(account)).isEqualTo(1);
        assertThat(api.eventTypes(id)).containsExactly("AccountConnected", "TokenRefreshed");
    }

    @Test
    void verifyWithALiveSessionOnlyAsksGetSession() {
        Answer answer = api.verify(id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("status").asText()).isEqualTo("active");
        assertThat(answer.body().get("refreshedAt").isNull()).isTrue();
        assertThat(pds.sessionChecks(account)).isEqualTo(1);
        assertThat(pds.refreshes(account)).isZero();
        assertThat(pds.loginAttempts(account)).isEqualTo(1);
    }

    @Test
    void verifyRefreshesAnExpiredAccessJwtWithoutLoggingIn() {
        String expiredAt = api.get(id).body().get("tokenExpiresAt").asText();
        pds.advance(TestPds.ACCESS_LIFETIME.plusMinutes(1));

        Answer answer = api.verify(id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(answer.body().get("tokenExpiresAt").asText())).isAfter(Instant.parse(expiredAt));
        assertThat(pds.refreshes(account)).isEqualTo(1);
        assertThat(pds.loginAttempts(account)).isEqualTo(1);
        assertThat(api.eventTypes(id)).containsExactly("AccountConnected", "TokenRefreshed");

        assertThat(api.verify(id).status()).isEqualTo(200);
        assertThat(pds.refreshes(account)).isEqualTo(1);
    }

    @Test
    void anExpiredRefreshJwtFallsBackToExactlyOneLogin() {
        pds.advance(TestPds.REFRESH_LIFETIME.plusDays(1));

        Answer answer = api.refresh(id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("status").asText()).isEqualTo("active");
        assertThat(pds.refreshes(account)).isZero();
        assertThat(pds.loginAttempts(account)).isEqualTo(2);
        assertThat(pds.loginHosts(account)).containsOnly(pds.pdsUrl().getAuthority());

        // the new session is whole: it refreshes without another login
        assertThat(api.refresh(id).status()).isEqualTo(200);
        assertThat(pds.refreshes(account)).isEqualTo(1);
        assertThat(pds.loginAttempts(account)).isEqualTo(2);
    }

    @Test
    void aRefreshWhoseAnswerWasLostIsRecoveredWithinTheGracePeriod() {
        pds.rotateOutOfBand(account);

        assertThat(api.refresh(id).status()).isEqualTo(200);
        assertThat(pds.graceReuses(account)).isEqualTo(1);

        // Mooring now holds the successor the lost answer carried: the chain goes on
        assertThat(api.refresh(id).status()).isEqualTo(200);
        assertThat(pds.refreshes(account)).isEqualTo(1);
        assertThat(pds.graceReuses(account)).isEqualTo(1);
        assertThat(pds.loginAttempts(account)).isEqualTo(1);
    }

    @Test
    void aRefreshJwtUsedUpPastTheGracePeriodFallsBackToALogin() {
        pds.rotateOutOfBand(account);
        pds.advance(TestPds.REFRESH_GRACE.plusMinutes(1));

        assertThat(api.refresh(id).status()).isEqualTo(200);

        assertThat(pds.graceReuses(account)).isZero();
        assertThat(pds.loginAttempts(account)).isEqualTo(2);
    }

    @Test
    void aRevokedAppPasswordRevokesTheAccountOnceItsAccessJwtDies() {
        pds.revokeAppPassword(account, appPassword);

        // access JWTs are stateless: until exp the PDS still takes them
        assertThat(api.verify(id).status()).isEqualTo(200);
        pds.advance(TestPds.ACCESS_LIFETIME.plusMinutes(1));

        Answer answer = api.verify(id);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo("platform_auth_failed");
        assertThat(answer.errorMessage()).contains("AuthenticationRequired");
        assertThat(answer.body().at("/error/remediation").asText()).contains("connect");
        Answer view = api.get(id);
        assertThat(view.body().get("status").asText()).isEqualTo("revoked");
        assertThat(view.body().get("statusCode").asText()).isEqualTo("platform_auth_failed");
        assertThat(api.eventTypes(id)).containsExactly("AccountConnected", "AccountRevoked");
        assertThat(pds.loginAttempts(account)).isEqualTo(2);

        // a revoked account is not tried upstream again
        assertThat(api.verify(id).errorCode()).isEqualTo("platform_auth_failed");
        assertThat(pds.loginAttempts(account)).isEqualTo(2);
    }

    @Test
    void aRefreshAfterTheAppPasswordWasRevokedRevokesTheAccount() {
        pds.revokeAppPassword(account, appPassword);

        Answer answer = api.refresh(id);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo("platform_auth_failed");
        assertThat(api.get(id).body().get("status").asText()).isEqualTo("revoked");
    }

    @Test
    void reconnectingARevokedAccountMakesItActiveUnderTheSameId() {
        pds.revokeAppPassword(account, appPassword);
        api.refresh(id);

        String again = api.connected(account.did(), pds.createAppPassword(account));

        assertThat(again).isEqualTo(id);
        assertThat(api.verify(id).body().get("status").asText()).isEqualTo("active");
    }

    @Test
    void aRateLimitedLoginIsUnavailableAndRevokesNothing() {
        pds.limitLogins(1, Duration.ofDays(1));
        // Mooring logs in again by DID: the first time fits the limit, the second does not
        pds.endSessions(account);
        assertThat(api.refresh(id).status()).isEqualTo(200);
        pds.endSessions(account);
        pds.advance(TestPds.ACCESS_LIFETIME.plusMinutes(1));

        Answer answer = api.verify(id);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("platform_unavailable");
        assertThat(Long.parseLong(answer.headers().getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
        assertThat(api.get(id).body().get("status").asText()).isEqualTo("active");
        assertThat(api.eventTypes(id)).doesNotContain("AccountRevoked");
    }

    @Test
    void aFailingPdsDuringRefreshIsRecordedAsTransient() {
        pds.failing(true);
        try {
            Answer answer = api.refresh(id);

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.errorCode()).isEqualTo("platform_unavailable");
        } finally {
            pds.failing(false);
        }
        assertThat(api.get(id).body().get("status").asText()).isEqualTo("active");
        assertThat(api.eventTypes(id)).containsExactly("AccountConnected", "TokenRefreshFailed");
        assertThat(pds.loginAttempts(account)).isEqualTo(1);
    }
}
