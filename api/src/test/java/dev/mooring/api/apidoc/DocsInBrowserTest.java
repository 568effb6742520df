package dev.mooring.api.apidoc;

import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.MooringTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /docs} in a real headless Chromium: Swagger UI renders the operations of
 * {@code /v1/openapi.json} from assets in the jar, with no key, under a Content-Security-Policy
 * that the browser reports not one refusal of.
 */
@MooringTest
class DocsInBrowserTest {

    @RegisterExtension
    static final HeadlessChromium browser = HeadlessChromium.perClass();

    @LocalServerPort
    int port;

    @Test
    void docsRenderEveryAreaWithoutAContentSecurityPolicyRefusal() throws Exception {
        browser.consoleLines(); // start from this page's lines only
        browser.open("http://localhost:" + port + "/docs");

        WebElement operation = browser.waitForVisible(By.xpath(
                "//*[contains(@class,'opblock-summary-operation-id') and normalize-space()='listAccounts']"));
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", operation);
        Path screenshot = browser.screenshot("docs-operations");

        assertThat(browser.driver().getCurrentUrl()).contains("/swagger-ui/index.html");
        assertThat(operation.findElement(By.xpath("ancestor::*[contains(@class,'opblock-summary')]")).getText())
                .contains("GET").contains("/v1/accounts");
        assertThat(browser.driver().findElements(By.cssSelector(".opblock-tag")))
                .extracting(WebElement::getText)
                .anyMatch(tag -> tag.startsWith("accounts")).anyMatch(tag -> tag.startsWith("connect"))
                .anyMatch(tag -> tag.startsWith("webhooks")).anyMatch(tag -> tag.startsWith("keys"));
        // every script and stylesheet came from Mooring itself: no CDN
        assertThat(browser.driver().findElements(By.cssSelector("script[src], link[href]")))
                .extracting(element -> element.getAttribute("src") != null ? element.getAttribute("src") : element.getAttribute("href"))
                .allMatch(url -> url.startsWith("http://localhost:" + port + "/"));
        assertThat(browser.contentSecurityPolicyViolations()).isEmpty();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void aContentSecurityPolicyRefusalOnTheDocsPageIsSeen() {
        browser.open("http://localhost:" + port + "/docs");
        browser.waitForVisible(By.cssSelector(".opblock"));
        browser.consoleLines();

        // what the policy exists to stop: a script injected inline into the page
        browser.driver().executeScript("""
                const injected = document.createElement('script');
                injected.textContent = 'window.injectedRan = true';
                document.head.appendChild(injected);""");

        assertThat(browser.driver().executeScript("return window.injectedRan === true")).isEqualTo(false);
        assertThat(browser.contentSecurityPolicyViolations()).anyMatch(line -> line.contains("script-src"));
    }
}
