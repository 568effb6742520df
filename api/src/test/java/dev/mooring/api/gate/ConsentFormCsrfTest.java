package dev.mooring.api.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.HtmlForm;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's consent page is an HTML form Mooring serves, so it carries a CSRF token (a hidden
 * field matched against a cookie). A post without it, with a wrong one, or from a browser that never
 * loaded the page is refused 403 {@code unauthorized} in the error envelope, and the sandbox grants
 * nothing; the same form, as loaded, works.
 */
@MooringTest
class ConsentFormCsrfTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    Tenant tenant;
    ConnectApi api;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        // a connect start may wait on a busy machine longer than the client's default 5 s
        api = new ConnectApi(http.mutate().responseTimeout(Duration.ofSeconds(30)).build(), tenant);
    }

    @Test
    void theConsentFormCarriesATokenAndItsCookie() {
        Browser browser = new Browser();
        Page consent = browser.open(api.start("sandbox", Map.of()).redirectUrl());

        assertThat(consent.status()).isEqualTo(200);
        assertThat(HtmlForm.on(consent).fields().get("_csrf")).isNotBlank();
        assertThat(consent.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("XSRF-TOKEN=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void withoutTheTokenNothingIsGranted() throws Exception {
        Browser browser = new Browser();
        Started started = api.start("sandbox", Map.of());
        HtmlForm form = HtmlForm.on(browser.open(started.redirectUrl()));
        Map<String, String> allow = new LinkedHashMap<>(form.pressing("Allow", Map.of()));
        allow.remove("_csrf");

        assertRefused(browser, form.action(), allow);
        assertThat(api.accounts()).isEmpty();
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        Browser browser = new Browser();
        HtmlForm form = HtmlForm.on(browser.open(api.start("sandbox", Map.of()).redirectUrl()));
        // a token of the right shape from another page load: its cookie is not this browser's
        String foreign = HtmlForm.on(new Browser().open(api.start("sandbox", Map.of()).redirectUrl())).fields().get("_csrf");

        assertRefused(browser, form.action(), form.pressing("Allow", Map.of("_csrf", foreign)));
        assertRefused(browser, form.action(), form.pressing("Allow", Map.of("_csrf", "not-a-token")));
        assertThat(api.accounts()).isEmpty();
    }

    @Test
    void aFormPostedFromABrowserWithoutTheCookieIsRefused() throws Exception {
        HtmlForm form = HtmlForm.on(new Browser().open(api.start("sandbox", Map.of()).redirectUrl()));

        // what a forging page gets: the fields and even a token, but not the victim's cookie
        assertRefused(new Browser(), form.action(), form.pressing("Allow", Map.of()));
        assertThat(api.accounts()).isEmpty();
    }

    @Test
    void theFormAsLoadedConnectsAfterARefusal() throws Exception {
        Browser browser = new Browser();
        Started started = api.start("sandbox", Map.of());
        HtmlForm form = HtmlForm.on(browser.open(started.redirectUrl()));
        assertRefused(browser, form.action(), form.pressing("Allow", Map.of("_csrf", "forged")));

        Page connected = browser.followFrom(browser.submit(form.action(), form.pressing("Allow", Map.of("username", "csrf-ok"))));

        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        assertThat(ConnectApi.json(connected.body()).get("handle").asText()).isEqualTo("csrf-ok");
        assertThat(api.accounts()).hasSize(1);
    }

    /** Submits {@code fields} and expects the refusal: the envelope, no code sent back, no grant, no account. */
    private void assertRefused(Browser browser, URI action, Map<String, String> fields) throws Exception {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        int grantsBefore = sandboxGrants();

        Page answer = browser.submit(action, fields);

        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.header("Location")).as("no code sent back").isNull();
        JsonNode error = ConnectApi.json(answer.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("unauthorized");
        assertThat(error.get("message").asText()).contains("CSRF");
        assertThat(error.get("requestId").asText()).isEqualTo(answer.header("x-request-id"));
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(sandboxGrants()).as("the sandbox granted nothing").isEqualTo(grantsBefore);
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    private int sandboxGrants() {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from sandbox_grants").mapTo(Integer.class).one());
    }
}
