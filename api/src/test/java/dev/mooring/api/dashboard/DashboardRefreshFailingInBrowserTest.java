package dev.mooring.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.TestHttpServer.Failure;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account whose refreshes keep failing because its platform is down (X's token endpoint answering
 * 503, not a revocation), in a real headless Chromium: the dashboard says so in words in the accounts
 * table and on the account's page while the account stays active, and once X answers again a
 * refresh clears it live, without a reload. Each step is a screenshot under {@code target/screenshots/};
 * no step may draw a Content-Security-Policy refusal.
 */
@MooringWithTestPlatforms
class DashboardRefreshFailingInBrowserTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    // "Refresh failing: <X's words> (platform_unavailable) — 2 in a row since <when>; next attempt <when>."
    private static final String FAILING = "Refresh failing: .+ \\(platform_unavailable\\) — \\d+ in a row since .+; next attempt .+\\.";
    @RegisterExtension
    static final HeadlessChromium chromium = HeadlessChromium.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    XTestServer x;

    Dashboard dashboard;
    Tenant tenant;
    ConnectApi api;
    String grace;
    String alan;

    @BeforeEach
    void twoXAccountsAndASignedOutBrowser() {
        tenant = accounts.tenant();
        api = new ConnectApi(http, tenant);
        int user = USERS.incrementAndGet();
        grace = connectX(xUser("grace-" + user, "Grace Hopper"));
        alan = connectX(xUser("alan-" + user, "Alan Turing"));
        dashboard = new Dashboard(chromium, port);
        dashboard.openSignedOut();
        chromium.consoleLines(); // each test starts from its own console lines
    }

    @Test
    void refreshesFailingUpstreamAreShownInTheTableAndARefreshClearsThemLive() {
        dashboard.signInAndWaitForTheTable(tenant.key());
        assertThat(dashboard.row(grace).findElements(By.cssSelector(".trouble"))).isEmpty();
        dashboard.script("window.sameDocument = true");
        x.outage(x.tokenPath(), Failure.UNAVAILABLE);

        refreshFailsUpstream(grace);
        refreshFailsUpstream(grace);

        JsonNode account = account(grace);
        assertThat(account.get("status").asText()).isEqualTo("active");
        assertThat(account.path("refreshFailing").isObject()).isTrue();
        assertThat(account.at("/refreshFailing/lastErrorCode").asText()).isEqualTo("platform_unavailable");
        int failures = account.at("/refreshFailing/consecutiveFailures").asInt();
        assertThat(failures).isGreaterThanOrEqualTo(2);
        String row = "tr[data-account-id='" + grace + "']";
        String failing = dashboard.waitForText(By.cssSelector(row + " .trouble.failing"), failures + " in a row");
        chromium.screenshot("dashboard-failing-1-table");
        assertThat(failing).matches(FAILING);
        assertThat(dashboard.waitForText(By.cssSelector(row + "[data-status=active] .badge"), "active")).isEqualTo("active");
        assertThat(dashboard.waitForText(By.cssSelector(row + " .last-refresh"), "never")).isEqualTo("never");
        assertThat(dashboard.row(alan).findElements(By.cssSelector(".trouble"))).as("the other account is fine").isEmpty();

        x.endOutage();
        JsonNode refreshed = refreshes(grace);

        assertThat(refreshed.path("refreshFailing").isObject()).as("refreshFailing after the refresh").isFalse();
        chromium.waitForVisible(By.cssSelector(row + " .last-refresh[data-refreshed-at='"
                + refreshed.get("refreshedAt").asText() + "']"));
        dashboard.waitUntilGone(By.cssSelector(row + " .trouble"));
        chromium.screenshot("dashboard-failing-2-table-cleared");
        assertThat(dashboard.script("return window.sameDocument === true")).as("no reload, no navigation").isEqualTo(true);
        assertThat(dashboard.waitForText(By.cssSelector(row + "[data-status=active] .badge"), "active")).isEqualTo("active");
        dashboard.assertNoPolicyRefusal();
    }

    @Test
    void theAccountsPageShowsTheFailingRefreshAndClearsItOnceXAnswers() {
        dashboard.signInAndWaitForTheTable(tenant.key());
        dashboard.row(alan).findElement(By.linkText("Alan Turing")).click();
        chromium.waitForVisible(By.cssSelector("#timeline li[data-type='account.connected']"));
        dashboard.waitUntilLive();
        dashboard.script("window.sameDocument = true");
        By refreshNow = By.xpath("//button[normalize-space()='Refresh now']");
        x.outage(x.tokenPath(), Failure.UNAVAILABLE);

        dashboard.click(refreshNow);

        WebElement outcome = chromium.waitForVisible(By.cssSelector(".outcome.error"));
        assertThat(outcome.getText()).endsWith("(platform_unavailable)").contains("Mooring keeps retrying on its own");
        chromium.waitForVisible(By.cssSelector("#timeline li[data-type='token.refresh_failed']"));
        String failing = dashboard.waitForText(By.cssSelector(".card .trouble.failing"), "1 in a row");
        chromium.screenshot("dashboard-failing-3-account-page");
        assertThat(failing).matches(FAILING);
        assertThat(dashboard.waitForText(By.cssSelector(".card h1 .badge"), "active")).isEqualTo("active");
        assertThat(dashboard.waitForText(By.cssSelector("#view .card"), "Refresh failing")).doesNotContain("null", "undefined");
        assertThat(account(alan).get("status").asText()).isEqualTo("active");

        x.endOutage();
        dashboard.click(refreshNow);

        assertThat(chromium.waitForVisible(By.cssSelector(".outcome:not(.error)")).getText())
                .isEqualTo("Refreshed: the platform issued a new token.");
        dashboard.waitUntilGone(By.cssSelector(".card .trouble"));
        chromium.waitForVisible(By.cssSelector("#timeline li[data-type='token.refreshed']"));
        chromium.screenshot("dashboard-failing-4-account-page-cleared");
        assertThat(types()).startsWith("account.connected", "token.refresh_failed").endsWith("token.refreshed");
        assertThat(account(alan).path("refreshFailing").isObject()).as("refreshFailing after the refresh").isFalse();
        assertThat(dashboard.script("return window.sameDocument === true")).as("no reload, no navigation").isEqualTo(true);
        dashboard.assertNoPolicyRefusal();
    }

    /** Connects an X account through X's real OAuth flow (PKCE, consent on the X test server), as a posting tool does. */
    private String connectX(XTestServer.User user) {
        ConnectApi.Started started = api.start("x", Map.of());
        x.approves(started.state(), user);
        Browser.Page answer = new Browser().follow(started.redirectUrl());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return ConnectApi.json(answer.body()).get("id").asText();
    }

    private void refreshFailsUpstream(String accountId) {
        http.post().uri("/v1/accounts/{id}/refresh", accountId).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(ErrorCode.PLATFORM_UNAVAILABLE.httpStatus())
                .expectBody().jsonPath("$.error.code").isEqualTo("platform_unavailable");
    }

    private JsonNode refreshes(String accountId) {
        return ConnectApi.json(new String(http.post().uri("/v1/accounts/{id}/refresh", accountId)
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }

    private JsonNode account(String accountId) {
        return ConnectApi.json(new String(http.get().uri("/v1/accounts/{id}", accountId)
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }

    private List<String> types() {
        return chromium.driver().findElements(By.cssSelector("#timeline li")).stream()
                .map(item -> item.getAttribute("data-type")).toList();
    }

    private static XTestServer.User xUser(String username, String name) {
        return new XTestServer.User("14700000" + Math.abs(username.hashCode()), name, username,
                "https://pbs.twimg.com/profile_images/1/" + username + "_normal.jpg");
    }
}
