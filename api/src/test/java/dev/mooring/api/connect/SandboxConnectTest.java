package dev.mooring.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.HtmlForm;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.account.AccountConnected;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

import static dev.mooring.api.platform.TestPlatforms.RETURN_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

/** Connecting a sandbox account through the built-in sandbox's real authorize page, as a newcomer would. */
@MooringWithTestPlatforms
class SandboxConnectTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    EventStore eventStore;
    @Autowired
    Jdbi jdbi;

    final Browser browser = new Browser();
    Tenant tenant;
    ConnectApi api;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        api = new ConnectApi(http, tenant);
    }

    @Test
    void connectsASandboxAccountByPressingAllow() {
        Started started = api.start("sandbox", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));

        Page landing = decide(started, "Allow", Map.of("username", "marie", "name", "Marie Curie"));

        assertThat(landing.status()).isEqualTo(302);
        assertThat(landing.location()).hasHost("app.example").hasPath("/connected");
        JsonNode account = api.accounts().get(0);
        assertThat(account.get("id").asText()).isEqualTo(landing.locationParameter("accountId"));
        assertThat(account.get("platform").asText()).isEqualTo("sandbox");
        assertThat(account.get("platformUserId").asText()).startsWith("sbx_");
        assertThat(account.get("handle").asText()).isEqualTo("marie");
        assertThat(account.get("displayName").asText()).isEqualTo("Marie Curie");
        assertThat(account.get("status").asText()).isEqualTo("active");
    }

    @Test
    void withoutAReturnUrlCompleteAnswersTheNewAccount() {
        Started started = api.start("sandbox", Map.of());

        Page answer = decide(started, "Allow", Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(ConnectApi.json(answer.body()).get("handle").asText()).isEqualTo("sandbox-user");
    }

    @Test
    void pressingDenyIsPlatformRejectedAndCreatesNothing() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("sandbox", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));

        Page landing = decide(started, "Deny", Map.of());

        assertThat(landing.location()).hasHost("app.example");
        assertThat(landing.locationParameter("error")).isEqualTo("platform_rejected");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void theSameSandboxUserReconnectsTheSameAccount() {
        String first = decide(api.start("sandbox", Map.of("returnUrl", RETURN_ORIGIN + "/connected")), "Allow",
                Map.of("username", "pierre")).locationParameter("accountId");
        String second = decide(api.start("sandbox", Map.of("returnUrl", RETURN_ORIGIN + "/connected")), "Allow",
                Map.of("username", "pierre")).locationParameter("accountId");

        assertThat(second).isEqualTo(first);
        assertThat(eventStore.readEvents(first).asStream().map(DomainEventMessage::getPayload)
                .filter(AccountConnected.class::isInstance).map(AccountConnected.class::cast))
                .extracting(AccountConnected::reconnected).containsExactly(false, true);
        assertThat(api.accounts()).hasSize(1);
    }

    /** Opens the sandbox's authorize page, fills it in, presses a button and follows the browser home. */
    private Page decide(Started started, String button, Map<String, String> typed) {
        Page authorize = browser.open(started.redirectUrl());
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(200);
        HtmlForm form = HtmlForm.on(authorize);
        return browser.followFrom(browser.submit(form.action(), form.pressing(button, typed)));
    }
}
