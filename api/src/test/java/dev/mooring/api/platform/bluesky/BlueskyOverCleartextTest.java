package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.bluesky.BlueskyCalls.Answer;
import dev.mooring.api.platform.bluesky.TestPds.Account;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.mooring.api.platform.bluesky.BlueskyConnectApiTest.handle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A self-hosted PDS on plain http, which drops any connection that asks for an {@code h2c}
 * upgrade as the reference PDS does: Mooring connects, refreshes and verifies against it only by
 * speaking HTTP/1.1.
 */
@MooringTest
@Import(TestPdsConfig.class)
class BlueskyOverCleartextTest {

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
    void aPdsThatDropsH2cUpgrades() {
        api = new BlueskyCalls(http, accounts.tenant(), pds, json, jdbi);
        pds.dropH2cUpgrades(true);
    }

    @AfterEach
    void asOtherTestsExpectIt() {
        pds.dropH2cUpgrades(false);
    }

    @Test
    void theTestPdsDropsAClientThatAsksForH2c() {
        // the JDK client's default (HTTP/2) sends Upgrade: h2c over cleartext
        HttpClient http2 = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(pds.pdsUrl() + "/xrpc/com.atproto.identity.resolveHandle?handle=x.test"))
                .timeout(Duration.ofSeconds(10)).build();
        int dropped = pds.droppedH2cUpgrades();

        assertThatThrownBy(() -> http2.send(health, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(pds.droppedH2cUpgrades()).isGreaterThan(dropped);
    }

    @Test
    void connectRefreshAndVerifyTalkHttp11() {
        Account account = pds.createAccount(handle("plain"));
        String appPassword = pds.createAppPassword(account);
        int dropped = pds.droppedH2cUpgrades();

        String id = api.connected(account.handle(), appPassword);
        pds.advance(Duration.ofMinutes(30));
        Answer refreshed = api.refresh(id);
        pds.advance(TestPds.ACCESS_LIFETIME.plusMinutes(1));
        Answer verified = api.verify(id);

        assertThat(refreshed.status()).as(refreshed.body().toString()).isEqualTo(200);
        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
        assertThat(verified.body().get("status").asText()).isEqualTo("active");
        assertThat(pds.refreshes(account)).as("refresh, then the verify's refresh of an expired access JWT").isEqualTo(2);
        assertThat(pds.loginAttempts(account)).isEqualTo(1);
        assertThat(pds.droppedH2cUpgrades()).isEqualTo(dropped);
    }
}
