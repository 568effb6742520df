package dev.mooring.api.connectpage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Connect page in a real headless Chromium, end to end: the posting tool makes a link, the
 * browser opens it, the user connects on Mooring's page (and the platform's), and the browser lands
 * on the posting tool's returnUrl, a local server that records everything it receives. Each step is
 * a screenshot under target/screenshots/, and the browser reports no Content-Security-Policy refusal.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ExtendWith(OutputCaptureExtension.class)
class ConnectPageInBrowserTest {

    private static final ReturnUrlServer POSTING_TOOL = ReturnUrlServer.start();
    @RegisterExtension
    static final HeadlessChromium browser = HeadlessChromium.perClass();

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    TestPds pds;

    Tenant tenant;
    ConnectLinksApi links;
    int consoleBefore;

    @DynamicPropertySource
    static void postingToolOrigin(DynamicPropertyRegistry registry) {
        registry.add("mooring.return-url-origins", POSTING_TOOL::origin);
    }

    @AfterAll
    static void stop() {
        POSTING_TOOL.close();
    }

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        links = new ConnectLinksApi(http);
        browser.driver().manage().window().setSize(new Dimension(1280, 1000));
        consoleBefore = browser.consoleLines().size();
    }

    @AfterEach
    void noSecretReachedTheLogs(CapturedOutput output) {
        pds.assertNoSecretIn(output.getAll());
    }

    @Test
    void aSandboxAccountIsConnectedThroughThePageAndTheBrowserLandsOnTheReturnUrl() {
        String returnUrl = POSTING_TOOL.origin() + "/sandbox-done?from=mooring";
        URI link = links.link(tenant, Map.of("returnUrl", returnUrl, "label", "Connect your account to Acme Scheduler"));

        browser.open(link.toString());
        WebElement sandbox = browser.waitForVisible(By.xpath("//ul[@id='platforms']//button[contains(normalize-space(),'Sandbox')]"));
        assertThat(browser.driver().findElement(By.id("label")).getText()).isEqualTo("Connect your account to Acme Scheduler");
        assertThat(browser.driver().findElements(By.cssSelector("#platforms button")))
                .extracting(WebElement::getText).anyMatch(text -> text.endsWith("Bluesky"));
        browser.screenshot("connect-page-sandbox-1-choose");
        sandbox.sendKeys(Keys.ENTER); // keyboard alone: the platforms are real buttons

        WebElement username = browser.waitForVisible(By.name("username"));
        username.clear();
        username.sendKeys("marie");
        browser.screenshot("connect-page-sandbox-2-consent");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Allow']")).click();

        waitUntilOn(POSTING_TOOL.origin() + "/sandbox-done");
        browser.screenshot("connect-page-sandbox-3-back");
        URI landed = URI.create(browser.driver().getCurrentUrl());
        String accountId = parameter(landed, "accountId");
        assertThat(landed.getRawQuery()).startsWith("from=mooring&accountId=acc_");
        JsonNode listed = new ConnectApi(http, tenant).accounts();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(accountId);
        assertThat(listed.get(0).get("handle").asText()).isEqualTo("marie");
        assertNoPolicyRefusal();

        // the link is spent: opened again, it says so in words
        browser.open(link.toString());
        WebElement error = browser.waitForVisible(By.id("error"));
        assertThat(error.getText()).contains("expired or was used already");
        browser.screenshot("connect-page-sandbox-4-used");
    }

    @Test
    void aDeniedConsentIsShownInWordsAndTheUserCanGoBack() {
        URI link = links.link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/denied", "platforms", List.of("sandbox")));

        browser.open(link.toString());
        browser.waitForVisible(By.xpath("//ul[@id='platforms']//button")).click();
        browser.waitForVisible(By.name("username"));
        browser.driver().findElement(By.xpath("//button[normalize-space()='Deny']")).click();

        WebElement error = browser.waitForVisible(By.id("error"));
        assertThat(error.getText()).contains("Sandbox did not give access").contains("choose Allow");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/connect/resume");
        browser.screenshot("connect-page-denied");
        browser.driver().findElement(By.id("leave")).click();

        waitUntilOn(POSTING_TOOL.origin() + "/denied");
        assertThat(parameter(URI.create(browser.driver().getCurrentUrl()), "error")).isEqualTo("platform_rejected");
        assertThat(new ConnectApi(http, tenant).accounts()).isEmpty();
        assertNoPolicyRefusal();
    }

    @Test
    void blueskyOnThePageShowsAWrongAppPasswordThenConnectsAndThePasswordNeverReachesThePostingTool() {
        TestPds.Account alice = pds.createAccount("alice-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        String appPassword = pds.createAppPassword(alice);
        URI link = links.link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/bluesky-done"));
        // a phone-sized window for this one
        browser.driver().manage().window().setSize(new Dimension(390, 844));

        browser.open(link.toString());
        browser.waitForVisible(By.xpath("//ul[@id='platforms']//button[contains(normalize-space(),'Bluesky')]")).click();
        WebElement identifier = browser.waitForVisible(By.id("identifier"));
        assertThat(browser.driver().findElement(By.cssSelector("label[for='app-password']")).getText()).isEqualTo("App password");
        assertThat(browser.driver().findElement(By.cssSelector("a[href='https://bsky.app/settings/app-passwords']")).isDisplayed()).isTrue();
        identifier.sendKeys(alice.handle());
        WebElement password = browser.driver().findElement(By.id("app-password"));
        password.sendKeys("my-main-password");
        assertThat(browser.driver().findElement(By.id("app-password-shape")).getText()).contains("xxxx-xxxx-xxxx-xxxx");
        assertThat(password.getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("connect-page-bluesky-1-shape");

        password.clear();
        password.sendKeys("aaaa-bbbb-cccc-dddd");
        assertThat(browser.driver().findElement(By.id("app-password-shape")).getText()).isEmpty();
        password.sendKeys(Keys.ENTER);
        WebElement error = browser.waitForVisible(By.id("error"));
        assertThat(error.getText()).contains("Bluesky did not accept this handle and app password");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        browser.screenshot("connect-page-bluesky-2-wrong-password");
        assertThat(new ConnectApi(http, tenant).accounts()).isEmpty();

        password.clear();
        password.sendKeys(appPassword);
        browser.driver().findElement(By.id("bluesky-connect")).click();

        waitUntilOn(POSTING_TOOL.origin() + "/bluesky-done");
        browser.screenshot("connect-page-bluesky-3-back");
        String accountId = parameter(URI.create(browser.driver().getCurrentUrl()), "accountId");
        JsonNode listed = new ConnectApi(http, tenant).accounts();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(accountId);
        assertThat(listed.get(0).get("platformUserId").asText()).isEqualTo(alice.did());
        // everything the posting tool received: its page, with the account id and nothing else of ours
        assertThat(POSTING_TOOL.requests()).filteredOn(request -> request.getPath().equals("/bluesky-done"))
                .singleElement().satisfies(request -> {
                    assertThat(request.getRawQuery()).isEqualTo("accountId=" + accountId);
                    assertThat(request.toString()).doesNotContain(appPassword).doesNotContain(appPassword.replace("-", ""));
                });
        assertNoPolicyRefusal();
    }

    private void assertNoPolicyRefusal() {
        List<String> lines = browser.consoleLines();
        assertThat(lines.subList(consoleBefore, lines.size())).filteredOn(line -> line.contains("Content Security Policy")).isEmpty();
    }

    private static void waitUntilOn(String prefix) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(prefix)));
    }

    private static String parameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }
}
