package dev.mooring.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.HtmlForm;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as an operator uses it, in a real headless Chromium: sign in, go to a section, find an
 * account's row. Accounts come from the sandbox's real OAuth flow through the API, as a posting tool connects them.
 */
final class Dashboard {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HeadlessChromium browser;
    private final String base;

    Dashboard(HeadlessChromium browser, int port) {
        this.browser = browser;
        this.base = "http://localhost:" + port + "/";
    }

    HeadlessChromium browser() {
        return browser;
    }

    /** A fresh tab state: nothing in the browser's storage, the sign-in form showing. */
    void openSignedOut() {
        browser.open(base);
        browser.driver().executeScript("sessionStorage.clear(); localStorage.clear()");
        browser.driver().manage().deleteAllCookies();
        browser.driver().navigate().refresh();
        browser.waitForVisible(By.id("sign-in-form"));
    }

    void signIn(String key) {
        WebElement field = browser.waitForVisible(By.id("api-key"));
        field.clear();
        field.sendKeys(key);
        browser.driver().findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    }

    /** Signs in and waits until the accounts table has loaded and the event stream is connected. */
    void signInAndWaitForTheTable(String key) {
        signIn(key);
        waitForTable();
        waitUntilLive();
    }

    void waitForTable() {
        browser.waitForVisible(By.cssSelector("#view[data-loaded=true] table#accounts"));
    }

    void waitUntilLive() {
        browser.waitForVisible(By.cssSelector("#live[data-state=live]"));
    }

    WebElement row(String accountId) {
        return browser.waitForVisible(By.cssSelector("tr[data-account-id='" + accountId + "']"));
    }

    /**
     * The text of what {@code locator} finds once it shows {@code expected}, read again whenever the live
     * view replaced the element meanwhile (it redraws a row or an account's card on each of its events).
     */
    String waitForText(By locator, String expected) {
        return new WebDriverWait(browser.driver(), PATIENCE).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    String text = driver.findElement(locator).getText();
                    return text.contains(expected) ? text : null;
                });
    }

    /** Clicks what {@code locator} finds, found again if the live view redrew it between finding and clicking. */
    void click(By locator) {
        new WebDriverWait(browser.driver(), PATIENCE).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    driver.findElement(locator).click();
                    return true;
                });
    }

    void waitUntilGone(By locator) {
        new WebDriverWait(browser.driver(), PATIENCE).until(ExpectedConditions.invisibilityOfElementLocated(locator));
    }

    Object script(String script, Object... arguments) {
        return browser.driver().executeScript(script, arguments);
    }

    /** Every Content-Security-Policy refusal the browser reported so far must be none. */
    void assertNoPolicyRefusal() {
        assertThat(browser.contentSecurityPolicyViolations()).as("Content-Security-Policy refusals").isEmpty();
    }

    /** Connects a sandbox account the way a posting tool does: start through the API, press Allow on the sandbox's page. */
    static String connectSandbox(ConnectApi api, String username, String name) {
        ConnectApi.Started started = api.start("sandbox", Map.of());
        Browser user = new Browser();
        Browser.Page consent = user.open(started.redirectUrl());
        HtmlForm form = HtmlForm.on(consent);
        Browser.Page answer = user.followFrom(user.submit(form.action(), form.pressing("Allow", Map.of("username", username, "name", name))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode account = ConnectApi.json(answer.body());
        return account.get("id").asText();
    }
}
