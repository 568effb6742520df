package dev.mooring.api.connectpage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.FailOnPlatformViolations;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer.Board;
import dev.mooring.api.platform.pinterest.PinterestTestServer.User;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Pinterest user with several boards connects through the Connect page in a real headless
 * Chromium, against the Pinterest test server: the page asks which board pins go to, the user picks
 * the second, and the account keeps that board; a user with no board is told in words what to do.
 * Each step is a screenshot under target/screenshots/, and the browser reports no
 * Content-Security-Policy refusal.
 */
@MooringTest
@Import(PinterestBoardChoiceInBrowserTest.PinterestAndThePostingTool.class)
@ExtendWith(FailOnPlatformViolations.class)
class PinterestBoardChoiceInBrowserTest {

    private static final ReturnUrlServer POSTING_TOOL = ReturnUrlServer.start();
    @RegisterExtension
    static final HeadlessChromium browser = HeadlessChromium.perClass();

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    PinterestTestServer pinterest;

    Tenant tenant;
    int consoleBefore;

    /** Pinterest pointed at its test server, and return URLs allowed to the posting tool the browser lands on. */
    @TestConfiguration(proxyBeanMethods = false)
    static class PinterestAndThePostingTool {

        @Bean
        PinterestTestServer pinterestTestServer(Environment environment) {
            return new PinterestTestServer(() -> "http://localhost:" + environment.getProperty("local.server.port")
                    + "/v1/accounts/connect/pinterest/complete");
        }

        @Bean
        DynamicPropertyRegistrar pinterestSettings(PinterestTestServer pinterest) {
            return registry -> {
                pinterest.mooringSettings().forEach((name, value) -> registry.add(name, () -> value));
                registry.add("mooring.return-url-origins", POSTING_TOOL::origin);
            };
        }
    }

    @AfterAll
    static void stop() {
        POSTING_TOOL.close();
    }

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        consoleBefore = browser.consoleLines().size();
    }

    @Test
    void aUserWithSeveralBoardsPicksTheSecondOnThePageAndTheAccountPinsThere() {
        List<Board> boards = List.of(new Board("549755800101", "Recipes", "https://i.pinimg.com/400x300/recipes.jpg"),
                new Board("549755800102", "Garden"), new Board("549755800103", "Travel"));
        User gala = user("gala", boards);
        URI link = new ConnectLinksApi(http).link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/pinterest-done",
                "platforms", List.of("pinterest")));
        pinterest.approvesNext(gala);

        browser.open(link.toString());
        WebElement offered = browser.waitForVisible(By.xpath("//ul[@id='platforms']//button[contains(normalize-space(),'Pinterest')]"));
        browser.screenshot("connect-page-pinterest-1-choose");
        offered.click();

        browser.waitForVisible(By.xpath("//ul[@id='choice-list']//button"));
        assertThat(browser.driver().findElement(By.id("choice-title")).getText()).isEqualTo("Choose the Pinterest board to pin to");
        List<WebElement> shown = browser.driver().findElements(By.cssSelector("#choice-list button"));
        assertThat(shown).as("each board by name, after its letter avatar").hasSize(3);
        for (int i = 0; i < boards.size(); i++) {
            String name = boards.get(i).name();
            assertThat(shown.get(i).getText()).startsWith(name.substring(0, 1)).endsWith(name);
        }
        assertThat(browser.driver().findElements(By.cssSelector("#choice img"))).as("the CSP keeps covers out: letters instead").isEmpty();
        assertThat(browser.driver().switchTo().activeElement()).as("the first board has the focus").isEqualTo(shown.get(0));
        assertThat(browser.driver().getCurrentUrl()).as("the selection token is out of the address").endsWith("/connect/resume");
        browser.screenshot("connect-page-pinterest-2-boards");
        // keyboard alone: Tab to the second board, Enter
        shown.get(0).sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(shown.get(1));
        shown.get(1).sendKeys(Keys.ENTER);

        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(ExpectedConditions.urlMatches("^" + Pattern.quote(POSTING_TOOL.origin() + "/pinterest-done")));
        browser.screenshot("connect-page-pinterest-3-back");
        String query = URI.create(browser.driver().getCurrentUrl()).getRawQuery();
        assertThat(query).matches("accountId=acc_[^&]+");
        String accountId = query.substring("accountId=".length());
        JsonNode account = account(accountId);
        assertThat(account.get("platform").asText()).isEqualTo("pinterest");
        assertThat(account.get("platformUserId").asText()).isEqualTo(gala.id());
        assertThat(account.at("/extensions/defaultBoard/id").asText()).isEqualTo("549755800102");
        assertThat(account.at("/extensions/defaultBoard/name").asText()).isEqualTo("Garden");
        assertThat(new ConnectApi(http, tenant).accounts()).hasSize(1);
        assertNoContentSecurityPolicyRefusal();
    }

    @Test
    void aUserWithNoBoardIsToldToCreateOneAndNothingIsConnected() {
        URI link = new ConnectLinksApi(http).link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/pinterest-none"));
        pinterest.approvesNext(user("hugo", List.of()));

        browser.open(link.toString());
        browser.waitForVisible(By.xpath("//ul[@id='platforms']//button[contains(normalize-space(),'Pinterest')]")).click();

        WebElement error = browser.waitForVisible(By.id("error"));
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.driver().findElement(By.id("error-text")).getText())
                .isEqualTo("This Pinterest account has no board to pin to. Create a board on Pinterest, then try again.");
        assertThat(browser.driver().findElement(By.id("choice")).isDisplayed()).isFalse();
        browser.screenshot("connect-page-pinterest-no-boards");
        assertThat(new ConnectApi(http, tenant).accounts()).isEmpty();

        // giving up takes the code back to the posting tool
        browser.driver().findElement(By.id("leave")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(ExpectedConditions.urlMatches("^" + Pattern.quote(POSTING_TOOL.origin() + "/pinterest-none")));
        assertThat(URI.create(browser.driver().getCurrentUrl()).getRawQuery()).isEqualTo("error=pinterest.boards.none");
        assertNoContentSecurityPolicyRefusal();
    }

    @Test
    void aMadeUpSelectionTokenShowsNoBoardAndConnectsNothing() {
        ConnectLinksApi links = new ConnectLinksApi(http);
        URI link = links.link(tenant, Map.of("returnUrl", POSTING_TOOL.origin() + "/pinterest-made-up"));

        ConnectLinksApi.Answer offered = links.page(link, "POST", "/choice/pinterest", Map.of("selectionToken", "made-up"));
        ConnectLinksApi.Answer picked = links.page(link, "POST", "/choice/pinterest/select",
                Map.of("selectionToken", "made-up", "choiceId", "549755800101"));

        assertThat(offered.code()).isEqualTo("validation_failed");
        assertThat(offered.json().at("/error/message").asText()).contains("selection token");
        assertThat(picked.code()).isEqualTo("validation_failed");
        assertThat(new ConnectApi(http, tenant).accounts()).isEmpty();
        assertThat(links.page(link, "GET", "/session", null).status()).as("the link is still usable").isEqualTo(200);
    }

    private JsonNode account(String id) {
        return ConnectApi.json(new String(http.get().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }

    private void assertNoContentSecurityPolicyRefusal() {
        List<String> lines = browser.consoleLines();
        assertThat(lines.subList(consoleBefore, lines.size())).filteredOn(line -> line.contains("Content Security Policy")).isEmpty();
    }

    private static User user(String username, List<Board> boards) {
        return new User("5497558" + Math.abs(username.hashCode()), username, username + " studio",
                "https://i.pinimg.com/75x75_RS/" + username + ".jpg", boards);
    }
}
