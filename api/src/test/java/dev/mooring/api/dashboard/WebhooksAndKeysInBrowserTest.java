package dev.mooring.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's webhook and API key sections in a real headless Chromium: a delivery resent, a
 * signing secret rotated, a key created (shown once) and revoked, each checked against the API.
 */
@MooringTest
class WebhooksAndKeysInBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    @RegisterExtension
    static final HeadlessChromium chromium = HeadlessChromium.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    Dashboard dashboard;
    Tenant tenant;
    WebhookReceiver receiver;

    @BeforeEach
    void signedIn() {
        tenant = accounts.tenant();
        receiver = WebhookReceiver.start();
        dashboard = new Dashboard(chromium, port);
        dashboard.openSignedOut();
        chromium.consoleLines();
        dashboard.signInAndWaitForTheTable(tenant.key());
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aDeliveryIsResentAndTheSigningSecretRotated() {
        WebhookApi webhooks = new WebhookApi(http, tenant);
        WebhookApi.Endpoint endpoint = webhooks.create(receiver.url(), List.of("account.connected"));
        Dashboard.connectSandbox(new ConnectApi(http, tenant), "ada-" + System.nanoTime(), "Ada Lovelace");
        await().atMost(PATIENCE).until(() -> webhooks.deliveries(endpoint.id()).path(0).path("status").asText(),
                "succeeded"::equals);
        assertThat(receiver.received()).hasSize(1);

        chromium.driver().findElement(By.linkText("Webhooks")).click();
        WebElement delivery = chromium.waitForVisible(By.cssSelector("article[data-endpoint-id='" + endpoint.id() + "'] tr[data-delivery-id]"));
        chromium.screenshot("dashboard-11-webhook-deliveries");
        assertThat(delivery.getText()).contains("account.connected").contains("succeeded").contains("#1 200");

        delivery.findElement(By.xpath(".//button[normalize-space()='Resend']")).click();
        chromium.waitForVisible(By.xpath("//p[normalize-space()='Delivery of account.connected sent again.']"));
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);
        assertThat(receiver.received().get(1).header("webhook-id")).isEqualTo(receiver.received().get(0).header("webhook-id"));

        chromium.driver().findElement(By.xpath("//button[normalize-space()='Rotate secret…']")).click();
        chromium.waitForVisible(By.cssSelector("dialog.confirm[open] button[data-answer=confirm]")).click();
        String shown = chromium.waitForVisible(By.cssSelector(".secret-value")).getText();
        chromium.screenshot("dashboard-12-webhook-secret-rotated");
        assertThat(shown).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void aKeyIsCreatedShownOnceAndRevoked() {
        chromium.driver().findElement(By.linkText("API keys")).click();
        chromium.waitForVisible(By.id("key-name")).sendKeys("reporting");
        chromium.driver().findElement(By.cssSelector("input[value='accounts:write']")).click(); // untick: read only and more
        chromium.driver().findElement(By.xpath("//button[normalize-space()='Create key']")).click();

        String key = chromium.waitForVisible(By.cssSelector(".secret-value")).getText();
        WebElement row = chromium.waitForVisible(By.xpath("//tr[td[normalize-space()='reporting']]"));
        chromium.screenshot("dashboard-13-key-created");
        assertThat(key).startsWith("mk_");
        assertThat(row.getText()).contains("accounts:read").doesNotContain("accounts:write").doesNotContain(key);
        keyReadsAccounts(key).expectStatus().isOk();
        JsonNode listed = listKeys();
        assertThat(listed.findValuesAsText("name")).contains("reporting");

        row.findElement(By.xpath(".//button[normalize-space()='Revoke…']")).click();
        chromium.waitForVisible(By.cssSelector("dialog.confirm[open] button[data-answer=confirm]")).click();
        chromium.waitForVisible(By.xpath("//tr[td[normalize-space()='reporting']][not(.//button)]"));
        chromium.screenshot("dashboard-14-key-revoked");
        keyReadsAccounts(key).expectStatus().isUnauthorized();
        assertThat(dashboard.script("return sessionStorage.getItem('mooring.apiKey')")).as("still signed in with its own key")
                .isEqualTo(tenant.key());
        dashboard.assertNoPolicyRefusal();
    }

    private WebTestClient.ResponseSpec keyReadsAccounts(String key) {
        return http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
    }

    private JsonNode listKeys() {
        return ConnectApi.json(http.get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).get("data");
    }
}
