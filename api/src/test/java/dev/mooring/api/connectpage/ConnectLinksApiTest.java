package dev.mooring.api.connectpage;

import dev.mooring.api.connectpage.ConnectLinksApi.Answer;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HtmlForm;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/connect-sessions} and the Connect page's routes without a browser: the input a
 * posting tool can get wrong (stable codes, nothing written), a link's lifetime
 * ({@code MOORING_CONNECT_PAGE_TTL}, set here under that name), its single use, and the workspace it
 * is bound to. OAuth consent is the sandbox's, pressed over plain HTTP.
 */
@MooringTest
@ContextConfiguration(initializers = ConnectLinksApiTest.Settings.class)
class ConnectLinksApiTest {

    static final Duration TTL = Duration.ofSeconds(6);

    static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("connect-page-env",
                    Map.of("MOORING_CONNECT_PAGE_TTL", TTL.toSeconds() + "s")));
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;
    @LocalServerPort
    int port;

    Tenant tenant;
    ConnectLinksApi links;
    String returnUrl;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        links = new ConnectLinksApi(http);
        // only Mooring's own origin is allowed here (no MOORING_RETURN_URL_ORIGINS)
        returnUrl = "http://localhost:" + port + "/back?tool=acme";
    }

    @Test
    void aLinkIsAPageOnThePublicUrlThatLivesForTheTtlAndOnlyItsHashIsStored() {
        Instant before = Instant.now();
        Answer created = links.create(tenant, Map.of("returnUrl", returnUrl, "platforms", List.of("sandbox", "bluesky"),
                "label", "Acme Scheduler"));

        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        URI url = URI.create(created.json().get("url").asText());
        assertThat(url.toString()).startsWith("http://localhost:" + port + "/connect/");
        String token = url.getPath().substring("/connect/".length());
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 random bits
        assertThat(Instant.parse(created.json().get("expiresAt").asText()))
                .isBetween(before.plus(TTL).minusSeconds(1), Instant.now().plus(TTL).plusSeconds(1));
        String stored = jdbi.withHandle(handle -> handle.createQuery(
                        "select encode(token_hash, 'hex') || return_url || coalesce(platforms, '') || coalesce(label, '') from connect_links where workspace_id = :ws")
                .bind("ws", tenant.workspace().value()).mapTo(String.class).one());
        assertThat(stored).doesNotContain(token).contains(HexFormat.of().formatHex(dev.mooring.kernel.Sha256.of(token)));

        Answer session = links.page(url, "GET", "/session", null);
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().get("label").asText()).isEqualTo("Acme Scheduler");
        assertThat(session.json().get("platforms").findValuesAsText("platform")).containsExactly("bluesky", "sandbox");
        assertThat(session.json().get("platforms").findValuesAsText("kind")).containsExactly("app_password", "oauth");
    }

    @Test
    void thePageIsServedUnderItsOwnStrictPolicy() {
        URI url = links.link(tenant, Map.of("returnUrl", returnUrl));

        var page = http.get().uri(url.getPath()).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult();
        var script = http.get().uri("/connect-page/connect.js").exchange().expectStatus().isOk().expectBody(String.class).returnResult();

        assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy")).isEqualTo(
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
                        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(page.getResponseBody()).contains("<script src=\"/connect-page/connect.js\" defer></script>")
                .doesNotContain("<style", " style=", "onclick", "http://", "https://cdn");
        assertThat(script.getResponseHeaders().getFirst("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(script.getResponseBody()).contains("sessionStorage");
    }

    @Test
    void badInputIsRefusedWithStableCodesAndWritesNothing() {
        long before = linksOf(tenant);

        assertRefused(Map.of(), 400, "validation_failed", "returnUrl is required");
        assertRefused(Map.of("returnUrl", "/relative"), 400, "validation_failed", "absolute http(s)");
        assertRefused(Map.of("returnUrl", "ftp://localhost:" + port + "/x"), 400, "validation_failed", "absolute http(s)");
        assertRefused(Map.of("returnUrl", "https://evil.example/steal"), 400, "validation_failed", "MOORING_RETURN_URL_ORIGINS");
        assertRefused(Map.of("returnUrl", "http://a b"), 400, "validation_failed", "not a URL");
        assertRefused(Map.of("returnUrl", returnUrl, "platforms", List.of("myspace")), 400, "validation_failed", "unknown platform");
        assertRefused(Map.of("returnUrl", returnUrl, "platforms", List.of("sandbox", "x")), 403, "platform_not_enabled", "x is not enabled");
        assertRefused(Map.of("returnUrl", returnUrl, "platforms", List.of()), 400, "validation_failed", "at least one");
        assertRefused(Map.of("returnUrl", returnUrl, "label", "L".repeat(101)), 400, "validation_failed", "at most 100");
        http.post().uri("/v1/connect-sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("returnUrl", returnUrl))
                .exchange().expectStatus().isUnauthorized();

        assertThat(linksOf(tenant)).isEqualTo(before);
        assertThat(links.create(tenant, Map.of("returnUrl", returnUrl, "label", "L".repeat(100))).status()).isEqualTo(201);
    }

    @Test
    void anUnknownOrMalformedTokenIsExpiredInEveryRoute() {
        URI unknown = URI.create("http://localhost:" + port + "/connect/" + "A".repeat(43));
        URI malformed = URI.create("http://localhost:" + port + "/connect/not-a-token");

        for (URI link : List.of(unknown, malformed)) {
            assertThat(links.page(link, "GET", "/session", null).code()).isEqualTo("connect_session_expired");
            assertThat(links.page(link, "POST", "/oauth/sandbox", null).code()).isEqualTo("connect_session_expired");
            assertThat(links.page(link, "POST", "/bluesky", Map.of("identifier", "a.test", "appPassword", "aaaa-bbbb-cccc-dddd")).status())
                    .isEqualTo(410);
            assertThat(links.page(link, "POST", "/choice/facebook", Map.of("selectionToken", "t")).status()).isEqualTo(410);
            assertThat(links.page(link, "POST", "/choice/pinterest/select", Map.of("selectionToken", "t", "choiceId", "1")).status())
                    .isEqualTo(410);
            assertThat(links.page(link, "POST", "/finish", null).status()).isEqualTo(410);
            assertThat(links.page(link, "POST", "/leave", Map.of()).status()).isEqualTo(410);
        }
    }

    @Test
    void anExpiredLinkConnectsNothingButStillSendsTheBrowserBack() throws InterruptedException {
        URI url = links.link(tenant, Map.of("returnUrl", returnUrl));
        assertThat(links.page(url, "GET", "/session", null).status()).isEqualTo(200);

        Thread.sleep(TTL.plusSeconds(1).toMillis());

        Answer session = links.page(url, "GET", "/session", null);
        assertThat(session.status()).isEqualTo(410);
        assertThat(session.code()).isEqualTo("connect_session_expired");
        assertThat(session.json().at("/error/remediation").asText()).contains("new link");
        assertThat(links.page(url, "POST", "/oauth/sandbox", null).code()).isEqualTo("connect_session_expired");
        Answer leave = links.page(url, "POST", "/leave", Map.of("error", "connect_session_expired"));
        assertThat(leave.json().get("redirectUrl").asText()).isEqualTo(returnUrl + "&error=connect_session_expired");
        assertThat(links.page(url, "POST", "/leave", Map.of()).status()).isEqualTo(410);
    }

    @Test
    void aLinkConnectsOneAccountIntoItsOwnWorkspaceOnlyAndIsRefusedTheSecondTime() {
        Tenant other = accounts.tenant();
        URI url = links.link(tenant, Map.of("returnUrl", returnUrl, "platforms", List.of("sandbox")));

        Browser.Page back = consent(url, "Allow", "ada");

        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location().getPath()).isEqualTo("/connect/resume");
        String accountId = back.locationParameter("accountId");
        Answer finished = links.page(url, "POST", "/finish", null);
        assertThat(finished.status()).as(finished.json().toString()).isEqualTo(200);
        assertThat(finished.json().get("redirectUrl").asText()).isEqualTo(returnUrl + "&accountId=" + accountId);
        assertThat(new ConnectApi(http, tenant).accounts().findValuesAsText("id")).containsExactly(accountId);
        assertThat(new ConnectApi(http, other).accounts()).isEmpty();

        // used: every route refuses it, and it connects nothing more
        assertThat(links.page(url, "POST", "/finish", null).code()).isEqualTo("connect_session_expired");
        assertThat(links.page(url, "GET", "/session", null).code()).isEqualTo("connect_session_expired");
        assertThat(links.page(url, "POST", "/oauth/sandbox", null).code()).isEqualTo("connect_session_expired");
        assertThat(links.page(url, "POST", "/leave", Map.of()).code()).isEqualTo("connect_session_expired");
        assertThat(new ConnectApi(http, tenant).accounts()).hasSize(1);
    }

    @Test
    void anAccountIdTheBrowserMakesUpFinishesNothing() {
        URI url = links.link(tenant, Map.of("returnUrl", returnUrl));
        // started, never consented: the browser comes to /connect/resume claiming an account of its own
        assertThat(links.page(url, "POST", "/oauth/sandbox", null).status()).isEqualTo(200);

        Answer finished = links.page(url, "POST", "/finish", Map.of("accountId", "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ"));

        assertThat(finished.code()).isEqualTo("connect_session_expired");
        assertThat(links.page(url, "GET", "/session", null).status()).as("still usable").isEqualTo(200);
    }

    @Test
    void aDeniedConsentWritesNothingAndLeavesTheLinkUsable() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        URI url = links.link(tenant, Map.of("returnUrl", returnUrl));

        Browser.Page back = consent(url, "Deny", "nobody");

        assertThat(back.locationParameter("error")).isEqualTo("platform_rejected");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
        assertThat(links.page(url, "POST", "/finish", null).code()).isEqualTo("connect_session_expired");
        assertThat(links.page(url, "GET", "/session", null).status()).isEqualTo(200);
        Answer leave = links.page(url, "POST", "/leave", Map.of("error", "platform_rejected"));
        assertThat(leave.json().get("redirectUrl").asText()).isEqualTo(returnUrl + "&error=platform_rejected");
    }

    @Test
    void thePageRefusesAPlatformTheLinkDoesNotOfferAndAWronglyShapedAppPasswordBeforeAnyCall() {
        URI sandboxOnly = links.link(tenant, Map.of("returnUrl", returnUrl, "platforms", List.of("sandbox")));
        URI any = links.link(tenant, Map.of("returnUrl", returnUrl));

        Answer bluesky = links.page(sandboxOnly, "POST", "/bluesky", Map.of("identifier", "a.test", "appPassword", "aaaa-bbbb-cccc-dddd"));
        assertThat(bluesky.status()).isEqualTo(400);
        assertThat(bluesky.json().at("/error/message").asText()).contains("not one of the platforms this link offers");
        assertThat(links.page(any, "POST", "/oauth/x", null).code()).isEqualTo("platform_not_enabled");
        assertThat(links.page(any, "POST", "/oauth/bluesky", null).code()).isEqualTo("validation_failed");
        assertThat(links.page(any, "POST", "/oauth/myspace", null).code()).isEqualTo("validation_failed");
        Answer mainPassword = links.page(any, "POST", "/bluesky", Map.of("identifier", "a.test", "appPassword", "hunter2-main"));
        assertThat(mainPassword.code()).isEqualTo("validation_failed");
        assertThat(mainPassword.json().toString()).doesNotContain("hunter2-main");
        Answer noChoice = links.page(any, "POST", "/choice/sandbox", Map.of("selectionToken", "t"));
        assertThat(noChoice.code()).isEqualTo("validation_failed");
        assertThat(noChoice.json().at("/error/message").asText()).isEqualTo("sandbox never asks for a choice");
        assertThat(links.page(any, "POST", "/choice/myspace/select", Map.of("selectionToken", "t", "choiceId", "1")).code())
                .isEqualTo("validation_failed");
        assertThat(links.page(any, "POST", "/choice/pinterest", Map.of("selectionToken", "t")).code()).isEqualTo("platform_not_enabled");
        assertThat(links.page(sandboxOnly, "POST", "/choice/facebook", Map.of("selectionToken", "t")).json().at("/error/message").asText())
                .contains("not one of the platforms this link offers");
        Answer noPick = links.page(any, "POST", "/choice/facebook/select", Map.of("selectionToken", "t"));
        assertThat(noPick.code()).isEqualTo("validation_failed");
        assertThat(noPick.json().at("/error/message").asText()).isEqualTo("choiceId is required: one of the pages on offer");
        assertThat(links.page(any, "GET", "/session", null).status()).isEqualTo(200);
    }

    /** The sandbox's consent page pressed as a browser would, and the platform's redirect back to Mooring. */
    private Browser.Page consent(URI link, String button, String username) {
        Answer started = links.page(link, "POST", "/oauth/sandbox", null);
        assertThat(started.status()).as(started.json().toString()).isEqualTo(200);
        Browser browser = new Browser();
        Browser.Page authorize = browser.open(URI.create(started.json().get("redirectUrl").asText()));
        HtmlForm form = HtmlForm.on(authorize);
        Browser.Page toMooring = browser.submit(form.action(), form.pressing(button, Map.of("username", username)));
        return browser.open(toMooring.location());
    }

    private void assertRefused(Map<String, ?> body, int status, String code, String message) {
        Answer answer = links.create(tenant, body);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(status);
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.json().at("/error/message").asText()).contains(message);
    }

    private long linksOf(Tenant tenant) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from connect_links where workspace_id = :ws")
                .bind("ws", tenant.workspace().value()).mapTo(Long.class).one());
    }

}
