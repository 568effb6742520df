package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.bluesky.BlueskyCalls.Answer;
import dev.mooring.api.platform.bluesky.TestPds.Account;
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
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Connecting Bluesky accounts with an app password, against the test PDS over real HTTP. */
@MooringTest
@Import(TestPdsConfig.class)
@ExtendWith(OutputCaptureExtension.class)
class BlueskyConnectApiTest {

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

    @BeforeEach
    void newWorkspace() {
        api = new BlueskyCalls(http, accounts.tenant(), pds, json, jdbi);
    }

    @AfterEach
    void noSecretReachedTheLogs(CapturedOutput output) {
        pds.resetLoginLimit();
        pds.failing(false);
        pds.assertNoSecretIn(output.getAll());
    }

    @Test
    void connectingWithAHandleAnswersTheAccountFromItsOwnPds() {
        Account alice = pds.createAccount(handle("alice"));
        Instant loginAt = pds.now();

        Answer answer = api.connect("@" + alice.handle().toUpperCase(), pds.createAppPassword(alice));

        assertThat(answer.status()).isEqualTo(201);
        JsonNode view = answer.body();
        assertThat(view.get("id").asText()).startsWith("acc_");
        assertThat(view.get("platform").asText()).isEqualTo("bluesky");
        assertThat(view.get("platformUserId").asText()).isEqualTo(alice.did());
        assertThat(view.get("handle").asText()).isEqualTo(alice.handle());
        assertThat(view.get("displayName").asText()).isEqualTo(alice.displayName());
        assertThat(view.get("avatarUrl").asText()).isEqualTo(alice.avatar());
        assertThat(view.get("status").asText()).isEqualTo("active");
        // the access JWT's own exp, which the test PDS sets 2 hours after the login
        assertThat(Instant.parse(view.get("tokenExpiresAt").asText()))
                .isBetween(loginAt.plus(TestPds.ACCESS_LIFETIME).minusSeconds(1), pds.now().plus(TestPds.ACCESS_LIFETIME));
        assertThat(pds.loginHosts(alice)).containsExactly(pds.pdsUrl().getAuthority());
        assertThat(api.get(view.get("id").asText()).body()).isEqualTo(view);
    }

    @Test
    void connectingWithADidFindsThePdsInThePlcDirectory() {
        Account bob = pds.createAccount(handle("bob"));

        Answer answer = api.connect(bob.did(), pds.createAppPassword(bob));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().get("platformUserId").asText()).isEqualTo(bob.did());
        assertThat(answer.body().get("handle").asText()).isEqualTo(bob.handle());
        assertThat(pds.loginHosts(bob)).containsExactly(pds.pdsUrl().getAuthority());
    }

    @Test
    void connectingWithADidWebReadsTheHostsWellKnownDocument() {
        Account web = pds.createWebAccount(handle("web"));

        Answer answer = api.connect(web.did(), pds.createAppPassword(web));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().get("platformUserId").asText()).isEqualTo(web.did());
        assertThat(pds.loginHosts(web)).containsExactly(pds.pdsUrl().getAuthority());
    }

    @Test
    void connectingWithAnEmailLogsInAtTheEntryway() {
        Account carol = pds.createAccount(handle("carol"));

        Answer answer = api.connect(carol.email(), pds.createAppPassword(carol));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().get("platformUserId").asText()).isEqualTo(carol.did());
        assertThat(pds.loginHosts(carol)).containsExactly(pds.url().getAuthority());
    }

    @Test
    void reconnectingTheSameDidKeepsTheAccountId() {
        Account dana = pds.createAccount(handle("dana"));
        String first = api.connected(dana.handle(), pds.createAppPassword(dana));

        Answer again = api.connect(dana.did(), pds.createAppPassword(dana));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("id").asText()).isEqualTo(first);
        assertThat(api.list().body().get("data")).hasSize(1);
        assertThat(api.eventTypes(first)).containsExactly("AccountConnected", "AccountConnected");
    }

    @Test
    void somethingNotShapedLikeAnAppPasswordIsRefusedBeforeAnyLogin() {
        Account erin = pds.createAccount(handle("erin"));

        Answer answer = api.connect(erin.handle(), "correct horse battery staple");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("validation_failed");
        assertThat(answer.errorMessage()).contains("app password").contains("xxxx-xxxx-xxxx-xxxx");
        assertThat(answer.body().toString()).doesNotContain("correct horse");
        assertThat(pds.loginAttempts(erin)).isZero();
        api.assertNothingStoredFor(erin.did());
    }

    @Test
    void aMainPasswordThatAsksForASignInCodeIsRefused() {
        Account fay = pds.createAccount(handle("fay"));
        pds.setMainPasswordWithSignInCodes(fay, "main-pass-word-2fa1");

        Answer answer = api.connect(fay.handle(), "main-pass-word-2fa1");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("validation_failed");
        assertThat(answer.errorMessage()).contains("main password").contains("create an app password");
        assertThat(answer.body().toString()).doesNotContain("main-pass-word-2fa1");
        assertThat(pds.loginAttempts(fay)).isEqualTo(1);
        api.assertNothingStoredFor(fay.did());
    }

    @Test
    void aWrongAppPasswordIsPlatformRejectedWithTheUpstreamError() {
        Account gus = pds.createAccount(handle("gus"));
        pds.createAppPassword(gus);

        Answer answer = api.connect(gus.handle(), "aaaa-bbbb-cccc-dddd");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo("platform_rejected");
        assertThat(answer.errorMessage()).contains("AuthenticationRequired");
        assertThat(answer.body().at("/error/platform").asText()).isEqualTo("bluesky");
        api.assertNothingStoredFor(gus.did());
    }

    @Test
    void anUnknownHandleIsPlatformRejected() {
        Answer answer = api.connect(handle("nobody"), "aaaa-bbbb-cccc-dddd");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo("platform_rejected");
        assertThat(answer.errorMessage()).contains("no Bluesky account has the handle");
    }

    @Test
    void anIdentifierThatIsNoHandleDidOrEmailIsInvalid() {
        for (String identifier : new String[]{"", "not a handle", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
                "did:web:example.com:user:alice"}) {
            Answer answer = api.connect(identifier, "aaaa-bbbb-cccc-dddd");

            assertThat(answer.status()).as(identifier).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("validation_failed");
        }
    }

    @Test
    void aMissingBodyIsInvalidAndTheRouteNeedsAnApiKey() {
        assertThat(http.post().uri("/v1/accounts/connect/bluesky/complete")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("identifier", "a.test", "appPassword", "aaaa-bbbb-cccc-dddd"))
                .exchange().expectBody().returnResult().getStatus().value()).isEqualTo(401);
        assertThat(http.post().uri("/v1/accounts/connect/bluesky/complete")
                .header(HttpHeaders.AUTHORIZATION, accounts.tenant().bearer()).contentType(MediaType.APPLICATION_JSON)
                .exchange().expectBody().returnResult().getStatus().value()).isEqualTo(400);
    }

    @Test
    void anUnreachablePdsIsPlatformUnavailable() throws Exception {
        Account hal = pds.createAccount(handle("hal"));
        pds.moveTo(hal, URI.create("http://127.0.0.1:" + closedPort()));

        Answer answer = api.connect(hal.handle(), pds.createAppPassword(hal));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("platform_unavailable");
        api.assertNothingStoredFor(hal.did());
    }

    @Test
    void aFailingPdsIsPlatformUnavailable() {
        Account ivy = pds.createAccount(handle("ivy"));
        String appPassword = pds.createAppPassword(ivy);
        pds.failing(true);

        Answer answer = api.connect(ivy.handle(), appPassword);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("platform_unavailable");
        api.assertNothingStoredFor(ivy.did());
    }

    @Test
    void theLoginRateLimitIsPlatformUnavailableWithRetryAfter() {
        Account jo = pds.createAccount(handle("jo"));
        String appPassword = pds.createAppPassword(jo);
        pds.limitLogins(2, Duration.ofMinutes(5));
        api.connected(jo.handle(), appPassword);
        api.connected(jo.handle(), appPassword);

        Answer answer = api.connect(jo.handle(), appPassword);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.errorCode()).isEqualTo("platform_unavailable");
        assertThat(answer.errorMessage()).contains("RateLimitExceeded");
        assertThat(Long.parseLong(answer.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 300L);
    }

    @Test
    void anAccountWithoutAProfileConnectsUnderItsHandle() {
        Account kim = pds.createAccount(handle("kim"));
        pds.removeProfile(kim);

        Answer answer = api.connect(kim.handle(), pds.createAppPassword(kim));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().get("handle").asText()).isEqualTo(kim.handle());
        assertThat(answer.body().get("displayName").isNull()).isTrue();
        assertThat(answer.body().get("avatarUrl").isNull()).isTrue();
    }

    static String handle(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
