package dev.mooring.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator dashboard at {@code /} in a real headless Chromium against the real application: the
 * accounts of a workspace, kept current from the event stream, an account's history, a disconnect
 * that asks first, and the sign-in, with the key kept in the tab's sessionStorage only. Each step is
 * a screenshot under {@code target/screenshots/}; no step may draw a Content-Security-Policy refusal.
 */
@MooringTest
class DashboardInBrowserTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    @RegisterExtension
    static final HeadlessChromium chromium = HeadlessChromium.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ApplicationContext context;

    Dashboard dashboard;
    Tenant tenant;
    ConnectApi api;
    String marie;
    String pierre;
    String pierreUsername;

    @BeforeEach
    void twoSandboxAccountsAndASignedOutBrowser() {
        tenant = accounts.tenant();
        api = new ConnectApi(http, tenant);
        int user = USERS.incrementAndGet();
        marie = Dashboard.connectSandbox(api, "marie-" + user, "Marie Curie");
        pierreUsername = "pierre-" + user;
        pierre = Dashboard.connectSandbox(api, pierreUsername, "Pierre Curie");
        dashboard = new Dashboard(chromium, port);
        dashboard.openSignedOut();
        chromium.consoleLines(); // each test starts from its own console lines
    }

    @Test
    void listsTheWorkspacesAccountsAndFiltersThem() {
        dashboard.signInAndWaitForTheTable(tenant.key());

        WebElement row = dashboard.row(marie);
        dashboard.row(pierre);
        chromium.screenshot("dashboard-1-accounts");
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(cells.get(0).getText()).isEqualTo("sandbox");
        assertThat(cells.get(1).getText()).contains("Marie Curie");
        assertThat(cells.get(2).getText()).isEqualTo("active");
        assertThat(cells.get(3).getText()).matches("in \\d+m \\d+s"); // sandbox tokens live minutes
        assertThat(cells.get(4).getText()).isEqualTo("never");
        assertThat(chromium.driver().findElements(By.cssSelector("table#accounts tbody tr[data-account-id]"))).hasSize(2);

        new Select(chromium.driver().findElement(By.name("status"))).selectByValue("revoked");
        dashboard.waitForTable();
        chromium.waitForVisible(By.xpath("//td[normalize-space()='No accounts match.']"));
        chromium.screenshot("dashboard-2-accounts-filtered-revoked");
        assertThat(chromium.driver().getCurrentUrl()).endsWith("#/accounts?status=revoked");
        assertThat(chromium.driver().findElements(By.cssSelector("tr[data-account-id]"))).isEmpty();

        new Select(chromium.driver().findElement(By.name("status"))).selectByValue("active");
        dashboard.row(marie);
        dashboard.row(pierre);
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void moreThanAPageOfAccountsLoadsTheNextPageByItsCursor() {
        // token lifetimes far from any refresh: the lifecycle leaves these alone
        for (int i = 0; i < 50; i++) {
            accounts.connected(tenant.workspace(), Platform.X, "paged-" + USERS.get() + "-" + i);
        }
        dashboard.signInAndWaitForTheTable(tenant.key());
        By rows = By.cssSelector("table#accounts tbody tr[data-account-id]");
        WebElement more = chromium.waitForVisible(By.xpath("//button[normalize-space()='Load more']"));
        assertThat(chromium.driver().findElements(rows)).hasSize(50);

        more.click();
        dashboard.waitUntilGone(By.xpath("//button[normalize-space()='Load more']"));
        assertThat(chromium.driver().findElements(rows)).hasSize(52)
                .extracting(row -> row.getAttribute("data-account-id")).doesNotHaveDuplicates().contains(marie, pierre);
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void aRefreshAppearsLiveWithoutReloading() {
        dashboard.signInAndWaitForTheTable(tenant.key());
        assertThat(dashboard.row(marie).findElement(By.cssSelector(".last-refresh")).getText()).isEqualTo("never");
        dashboard.script("window.sameDocument = true");

        JsonNode refreshed = refreshThroughTheApi(marie);

        String refreshedAt = refreshed.get("refreshedAt").asText();
        chromium.waitForVisible(By.cssSelector("tr[data-account-id='" + marie + "'] .last-refresh[data-refreshed-at='" + refreshedAt + "']"));
        chromium.screenshot("dashboard-3-refreshed-live");
        assertThat(dashboard.script("return window.sameDocument === true")).as("no reload, no navigation").isEqualTo(true);
        assertThat(dashboard.row(marie).findElement(By.cssSelector(".last-refresh")).getText()).isNotEqualTo("never");
        assertThat(dashboard.row(pierre).findElement(By.cssSelector(".last-refresh")).getText()).isEqualTo("never");
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void anAccountRevokedUpstreamShowsWhyLive() {
        dashboard.signInAndWaitForTheTable(tenant.key());
        SandboxAccounts.of(context).revokeUpstream(pierreUsername);

        http.post().uri("/v1/accounts/{id}/refresh", pierre).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(ErrorCode.PLATFORM_AUTH_FAILED.httpStatus());

        chromium.waitForVisible(By.cssSelector("tr[data-account-id='" + pierre + "'][data-status=revoked]"));
        WebElement row = dashboard.row(pierre);
        chromium.screenshot("dashboard-4-revoked-live");
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("revoked");
        assertThat(row.findElement(By.cssSelector(".trouble")).getText())
                .startsWith("Revoked: ").contains("(platform_auth_failed)").endsWith("Connect the account again.");
        assertThat(dashboard.row(marie).findElement(By.cssSelector(".badge")).getText()).isEqualTo("active");
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void anAccountsHistoryIsATimelineThatGrowsLive() {
        refreshThroughTheApi(marie);
        dashboard.signInAndWaitForTheTable(tenant.key());

        dashboard.row(marie).findElement(By.linkText("Marie Curie")).click();
        chromium.waitForVisible(By.cssSelector("#timeline li[data-type='token.refreshed']"));
        dashboard.waitUntilLive();
        chromium.screenshot("dashboard-5-history");
        assertThat(chromium.driver().getCurrentUrl()).endsWith("#/accounts/" + marie);
        assertThat(types()).containsExactly("account.connected", "token.refreshed");
        assertThat(chromium.driver().findElement(By.cssSelector("#timeline li[data-type='account.connected'] .event-text")).getText())
                .isEqualTo("Connected");
        assertThat(chromium.driver().findElement(By.cssSelector("#view .card")).getText()).contains("Marie Curie").doesNotContain("null", "undefined");

        chromium.driver().findElement(By.xpath("//button[normalize-space()='Refresh now']")).click();
        assertThat(chromium.waitForVisible(By.cssSelector(".outcome")).getText()).isEqualTo("Refreshed: the platform issued a new token.");
        chromium.waitForVisible(By.cssSelector("#timeline li[data-type='token.refreshed']:nth-child(3)"));
        chromium.screenshot("dashboard-6-history-after-refresh");
        assertThat(types()).containsExactly("account.connected", "token.refreshed", "token.refreshed");
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void aDisconnectAsksFirstAndCancelKeepsTheAccount() {
        dashboard.signInAndWaitForTheTable(tenant.key());
        dashboard.row(pierre).findElement(By.linkText("Pierre Curie")).click();
        By disconnect = By.xpath("//button[normalize-space()='Disconnect…']");

        chromium.waitForVisible(disconnect).click();
        WebElement dialog = chromium.waitForVisible(By.cssSelector("dialog.confirm[open]"));
        chromium.screenshot("dashboard-7-disconnect-confirmation");
        assertThat(dialog.getText()).contains("Disconnect Pierre Curie?").contains("history stays");
        dialog.findElement(By.cssSelector("button[data-answer=cancel]")).click();
        dashboard.waitUntilGone(By.cssSelector("dialog.confirm"));
        accountReads(pierre).expectStatus().isOk();
        assertThat(chromium.driver().getCurrentUrl()).endsWith("#/accounts/" + pierre);

        chromium.waitForVisible(disconnect).click();
        chromium.waitForVisible(By.cssSelector("dialog.confirm[open] button[data-answer=confirm]")).click();
        assertThat(chromium.waitForVisible(By.id("notice")).getText()).isEqualTo("Pierre Curie is disconnected.");
        dashboard.waitForTable();
        dashboard.row(marie);
        dashboard.waitUntilGone(By.cssSelector("tr[data-account-id='" + pierre + "']"));
        chromium.screenshot("dashboard-8-disconnected");
        accountReads(pierre).expectStatus().isNotFound();
        assertThat(api.accounts()).extracting(account -> account.get("id").asText()).containsExactly(marie);
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void aWrongKeyIsRefusedInWordsAndTheRightOneStaysInThisTabOnly() {
        dashboard.signIn("mk_live_this-key-does-not-exist-0000000000");

        WebElement error = chromium.waitForVisible(By.id("sign-in-error"));
        chromium.screenshot("dashboard-9-wrong-key");
        assertThat(error.getText()).isEqualTo("Mooring does not know this API key (or it was revoked). Check it and try again.");
        assertThat(dashboard.script("return sessionStorage.length")).isEqualTo(0L);
        assertThat(chromium.driver().findElement(By.id("view")).isDisplayed()).isFalse();

        dashboard.signInAndWaitForTheTable(tenant.key());
        assertThat(dashboard.script("return sessionStorage.getItem('mooring.apiKey')")).isEqualTo(tenant.key());
        assertThat(dashboard.script("return localStorage.length")).isEqualTo(0L);
        assertThat(dashboard.script("return document.cookie")).asString().doesNotContain(tenant.key());
        assertThat(chromium.driver().manage().getCookies()).extracting(Cookie::getValue).noneMatch(value -> value.contains(tenant.key()));
        assertThat(chromium.driver().getCurrentUrl()).doesNotContain(tenant.key());
        assertThat(chromium.driver().findElement(By.id("api-key")).getAttribute("value")).isEmpty();

        chromium.driver().findElement(By.id("sign-out")).click();
        chromium.waitForVisible(By.id("sign-in-form"));
        chromium.screenshot("dashboard-10-signed-out");
        assertThat(dashboard.script("return sessionStorage.length")).isEqualTo(0L);
        dashboard.assertNoPolicyRefusal();
    }

    private JsonNode refreshThroughTheApi(String accountId) {
        return ConnectApi.json(new String(http.post().uri("/v1/accounts/{id}/refresh", accountId)
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }

    private WebTestClient.ResponseSpec accountReads(String accountId) {
        return http.get().uri("/v1/accounts/{id}", accountId).header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange();
    }

    private List<String> types() {
        return chromium.driver().findElements(By.cssSelector("#timeline li")).stream()
                .map(item -> item.getAttribute("data-type")).toList();
    }
}
