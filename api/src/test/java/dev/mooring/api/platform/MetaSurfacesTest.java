package dev.mooring.api.platform;

import dev.mooring.api.platform.MetaApi.Answer;
import dev.mooring.api.platform.MetaApi.Started;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The three Meta surfaces side by side: one OAuth each, one account each, no fan-out. */
@MetaTest
class MetaSurfacesTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    @Test
    void eachSurfaceConnectsThroughItsOwnFlowIntoItsOwnAccount() {
        MetaApi api = new MetaApi(http, jdbi);
        Browser browser = new Browser(http);
        Tenant tenant = accounts.tenant();
        var facebookUser = MetaTestServers.facebook().userWithPages(1);
        var instagramUser = MetaTestServers.instagram().user("everywhere");
        var threadsUser = MetaTestServers.threads().user("everywhere");

        Started facebook = api.start(tenant, "facebook", Map.of());
        MetaTestServers.facebook().willLogIn(facebook.state(), facebookUser);
        Started instagram = api.start(tenant, "instagram", Map.of());
        MetaTestServers.instagram().willLogIn(instagram.state(), instagramUser);
        Started threads = api.start(tenant, "threads", Map.of());
        MetaTestServers.threads().willLogIn(threads.state(), threadsUser);
        for (Started started : new Started[] {facebook, instagram, threads}) {
            Browser.Page back = browser.consent(started.redirectUrl());
            assertThat(back.status()).as(back.body()).isEqualTo(201);
        }

        Map<String, String> userIdsByPlatform = new HashMap<>();
        Answer listed = api.get(tenant, "/v1/accounts");
        listed.json().get("data").forEach(account ->
                userIdsByPlatform.put(account.get("platform").asText(), account.get("platformUserId").asText()));
        assertThat(userIdsByPlatform).containsOnly(
                Map.entry("facebook", facebookUser.pages().get(0).id()),
                Map.entry("instagram", instagramUser.id()),
                Map.entry("threads", threadsUser.id()));
        assertThat(listed.json().get("data")).hasSize(3);
    }
}
