package dev.mooring.api.connectpage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MetaTest;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.facebook.FacebookTestServer.User;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Facebook user who manages two Pages connects one through the Connect page in a real headless
 * Chromium, against the Facebook test server: the page lists both Pages, the user picks the second,
 * and only that Page becomes an account; a user with no Page is told so in words.
 */
@MetaTest
class FacebookPageChoiceInBrowserTest {

    private static final ReturnUrlServer POSTING_TOOL = ReturnUrlServer.start();
    @RegisterExtension
    static final HeadlessChromium browser = HeadlessChromium.perClass();

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    final FacebookTestServer facebook = MetaTestServers.facebook();

    @DynamicPropertySource
    static void postingToolOrigin(DynamicPropertyRegistry registry) {
        registry.add("mooring.return-url-origins", POSTING_TOOL::origin);
    }

    @AfterAll
    static void stop() {
        POSTING_TOOL.close();
    }

    @Test
    void aUserWithTwoPagesPicksOneOnThePageAndOnlyThatOneIsConnected() {
        Tenant tenant = accounts.tenant();
        User user = facebook.userWithPages(2);
        URI link = new ConnectLinksApi(http).link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/facebook-done",
                "platforms", List.of("facebook")));
        int consoleBefore = browser.consoleLines().size();
        facebook.willLogInNext(user);

        browser.open(link.toString());
        browser.waitForVisible(By.xpath("//ul[@id='platforms']//button[contains(normalize-space(),'Facebook')]")).click();

        browser.waitForVisible(By.xpath("//ul[@id='choice-list']//button"));
        List<WebElement> pages = browser.driver().findElements(By.cssSelector("#choice-list button"));
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).getText()).endsWith(user.pages().get(0).name());
        assertThat(pages.get(1).getText()).endsWith(user.pages().get(1).name());
        assertThat(browser.driver().findElement(By.id("choice-title")).getText()).isEqualTo("Choose the Facebook Page to connect");
        browser.screenshot("connect-page-facebook-1-pages");
        pages.get(1).click();

        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(ExpectedConditions.urlMatches("^" + Pattern.quote(POSTING_TOOL.origin() + "/facebook-done")));
        browser.screenshot("connect-page-facebook-2-back");
        String query = URI.create(browser.driver().getCurrentUrl()).getRawQuery();
        assertThat(query).startsWith("accountId=acc_");
        JsonNode listed = new ConnectApi(http, tenant).accounts();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(query.substring("accountId=".length()));
        assertThat(listed.get(0).get("platformUserId").asText()).isEqualTo(user.pages().get(1).id());
        List<String> lines = browser.consoleLines();
        assertThat(lines.subList(consoleBefore, lines.size())).filteredOn(line -> line.contains("Content Security Policy")).isEmpty();
    }

    @Test
    void aUserWithNoPageIsToldSoInWords() {
        Tenant tenant = accounts.tenant();
        URI link = new ConnectLinksApi(http).link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/facebook-none"));
        facebook.willLogInNext(facebook.userWithPages(0));

        browser.open(link.toString());
        browser.waitForVisible(By.xpath("//ul[@id='platforms']//button[contains(normalize-space(),'Facebook')]")).click();

        WebElement error = browser.waitForVisible(By.id("error"));
        assertThat(error.getText()).contains("manages no Page");
        browser.screenshot("connect-page-facebook-no-pages");
        assertThat(new ConnectApi(http, tenant).accounts()).isEmpty();
    }
}
