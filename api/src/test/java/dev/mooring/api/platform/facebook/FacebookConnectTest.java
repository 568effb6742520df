package dev.mooring.api.platform.facebook;

import dev.mooring.api.platform.Browser;
import dev.mooring.api.platform.MetaApi;
import dev.mooring.api.platform.MetaApi.Answer;
import dev.mooring.api.platform.MetaApi.Started;
import dev.mooring.api.platform.MetaTest;
import dev.mooring.api.platform.MetaTestServer;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.facebook.FacebookTestServer.Page;
import dev.mooring.api.platform.facebook.FacebookTestServer.User;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Facebook Pages connected through a browser-like flow against the Facebook test server. */
@MetaTest
class FacebookConnectTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    final FacebookTestServer facebook = MetaTestServers.facebook();
    Browser browser;
    MetaApi api;
    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        api = new MetaApi(http, jdbi);
        browser = new Browser(http);
        tenant = accounts.tenant();
    }

    @Test
    void aUserWithOnePageConnectsThatPageWithItsPageToken() {
        User user = facebook.userWithPages(1);
        Page page = user.pages().get(0);
        Started started = start(user, Map.of());
        URI dialog = URI.create(started.redirectUrl());
        assertThat(dialog.getPath()).isEqualTo("/" + MetaTestServers.FACEBOOK_GRAPH_VERSION + "/dialog/oauth");
        assertThat(MetaApi.queryParam(dialog, "scope")).isEqualTo(FacebookTestServer.SCOPE);
        assertThat(MetaApi.queryParam(dialog, "client_id")).isEqualTo(facebook.clientId());
        assertThat(MetaApi.queryParam(dialog, "redirect_uri")).isEqualTo(MetaTestServers.mooringUrl() + "/v1/accounts/connect/facebook/complete");

        Answer account = complete(browser.consent(started.redirectUrl()));

        assertThat(account.status()).as(account.text()).isEqualTo(201);
        assertThat(account.json().get("platform").asText()).isEqualTo("facebook");
        assertThat(account.json().get("platformUserId").asText()).isEqualTo(page.id());
        assertThat(account.json().get("displayName").asText()).isEqualTo(page.name());
        assertThat(account.json().get("avatarUrl").asText()).isEqualTo(page.pictureUrl());
        assertThat(account.json().get("tokenExpiresAt").isNull()).as("Page tokens never expire").isTrue();
        assertThat(account.json().get("status").asText()).isEqualTo("active");
        assertThat(facebook.requests(facebook.path("oauth/access_token"))).allSatisfy(request -> {
            assertThat(request.query()).containsEntry("client_secret", List.of(facebook.clientSecret()));
            assertThat(request.headers().containsKey("Authorization")).isFalse();
        });
        assertThat(platformUserIds()).containsExactly(page.id());
    }

    @Test
    void aUserWithThreePagesPicksOneAndOnlyThatOneIsConnected() {
        User user = facebook.userWithPages(3);
        int listsBefore = facebook.requests(facebook.path("me/accounts")).size();
        String returnUrl = MetaTestServers.mooringUrl() + "/connected";
        Started started = start(user, Map.of("returnUrl", returnUrl));

        Browser.Page back = browser.consent(started.redirectUrl());

        assertThat(back.status()).isEqualTo(302);
        MetaApi.assertNoSecret(back.location());
        URI location = URI.create(back.location());
        assertThat(location.toString()).startsWith(returnUrl + "?");
        assertThat(MetaApi.queryParam(location, "status")).isEqualTo("selection_required");
        String selectionToken = MetaApi.queryParam(location, "selectionToken");
        assertThat(facebook.requests(facebook.path("me/accounts")).size() - listsBefore)
                .as("three Pages come in two lists").isEqualTo(2);
        assertThat(api.storedRows(tenant)).containsEntry("accounts", 0).containsEntry("account_identities", 0)
                .containsEntry("events", 0).containsEntry("connect_choices", 1);
        assertThat(sealedResumeTokens()).noneMatch(sealed -> sealed.contains(MetaTestServer.SECRET_MARKER));

        Answer offered = api.post(tenant, "/v1/accounts/connect/facebook/select", Map.of("selectionToken", selectionToken));
        assertThat(offered.status()).as(offered.text()).isEqualTo(200);
        assertThat(offered.json().get("status").asText()).isEqualTo("selection_required");
        List<String> offeredIds = new ArrayList<>();
        offered.json().get("pages").forEach(page -> offeredIds.add(page.get("id").asText()));
        assertThat(offeredIds).containsExactlyElementsOf(user.pages().stream().map(Page::id).toList());
        assertThat(offered.json().get("pages").get(1).get("name").asText()).isEqualTo(user.pages().get(1).name());
        assertThat(offered.json().get("pages").get(1).get("pictureUrl").asText()).isEqualTo(user.pages().get(1).pictureUrl());

        Page picked = user.pages().get(1);
        Answer account = api.post(tenant, "/v1/accounts/connect/facebook/select",
                Map.of("selectionToken", selectionToken, "pageId", picked.id()));

        assertThat(account.status()).as(account.text()).isEqualTo(201);
        assertThat(account.json().get("platformUserId").asText()).isEqualTo(picked.id());
        assertThat(account.json().get("displayName").asText()).isEqualTo(picked.name());
        assertThat(platformUserIds()).containsExactly(picked.id());

        Answer again = api.post(tenant, "/v1/accounts/connect/facebook/select",
                Map.of("selectionToken", selectionToken, "pageId", user.pages().get(2).id()));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(platformUserIds()).containsExactly(picked.id());
    }

    @Test
    void withoutAReturnUrlTheChoiceIsAnsweredAsJson() {
        User user = facebook.userWithPages(2);
        Answer choice = complete(browser.consent(start(user, Map.of()).redirectUrl()));

        assertThat(choice.status()).as(choice.text()).isEqualTo(200);
        assertThat(choice.json().get("status").asText()).isEqualTo("selection_required");
        assertThat(choice.json().get("platform").asText()).isEqualTo("facebook");
        assertThat(choice.json().get("pages")).hasSize(2);
        assertThat(choice.json().get("expiresAt").asText()).endsWith("Z");

        Answer notOffered = api.post(tenant, "/v1/accounts/connect/facebook/select",
                Map.of("selectionToken", choice.json().get("selectionToken").asText(), "pageId", "fbpage-not-offered"));
        assertThat(notOffered.status()).isEqualTo(400);
        Answer account = api.post(tenant, "/v1/accounts/connect/facebook/select",
                Map.of("selectionToken", choice.json().get("selectionToken").asText(), "pageId", user.pages().get(0).id()));
        assertThat(account.status()).as(account.text()).isEqualTo(201);
    }

    @Test
    void aPageNamedAtStartIsConnectedWithoutAskingEvenOnALaterList() {
        User user = facebook.userWithPages(3);
        Page third = user.pages().get(2);

        Answer account = complete(browser.consent(start(user, Map.of("pageId", third.id())).redirectUrl()));

        assertThat(account.status()).as(account.text()).isEqualTo(201);
        assertThat(account.json().get("platformUserId").asText()).isEqualTo(third.id());
        assertThat(api.storedRows(tenant)).containsEntry("connect_choices", 0);
    }

    @Test
    void aSelectionTokenServesOnlyTheWorkspaceThatStartedTheConnect() {
        User user = facebook.userWithPages(2);
        String selectionToken = complete(browser.consent(start(user, Map.of()).redirectUrl())).json().get("selectionToken").asText();
        Tenant other = accounts.tenant();

        Answer stranger = api.post(other, "/v1/accounts/connect/facebook/select",
                Map.of("selectionToken", selectionToken, "pageId", user.pages().get(0).id()));

        assertThat(stranger.status()).isEqualTo(400);
        assertThat(api.storedRows(other)).containsEntry("accounts", 0).containsEntry("events", 0);
        assertThat(api.post(tenant, "/v1/accounts/connect/facebook/select",
                Map.of("selectionToken", selectionToken, "pageId", user.pages().get(0).id())).status()).isEqualTo(201);
    }

    @Test
    void aUserWithNoPagesGetsFacebookPagesNoneAndNothingIsStored() {
        User user = facebook.userWithPages(0);
        String returnUrl = MetaTestServers.mooringUrl() + "/connected";

        Browser.Page back = browser.consent(start(user, Map.of("returnUrl", returnUrl)).redirectUrl());
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.location()).isEqualTo(returnUrl + "?error=facebook.pages.none");

        Answer answered = complete(browser.consent(start(user, Map.of()).redirectUrl()));
        assertThat(answered.status()).isEqualTo(422);
        assertThat(answered.json().at("/error/code").asText()).isEqualTo("facebook.pages.none");
        assertThat(answered.json().at("/error/platform").asText()).isEqualTo("facebook");

        assertThat(api.storedRows(tenant)).containsOnly(Map.entry("accounts", 0), Map.entry("account_identities", 0),
                Map.entry("account_credentials", 0), Map.entry("events", 0), Map.entry("connect_choices", 0));
    }

    @Test
    void aMissingPermissionAtConnectIsPlatformRejectedWithTheUpstreamError() {
        User user = facebook.userWithPages(1);
        user.withoutPagePermission();

        Answer answered = complete(browser.consent(start(user, Map.of()).redirectUrl()));

        assertThat(answered.status()).isEqualTo(422);
        assertThat(answered.json().at("/error/code").asText()).isEqualTo("platform_rejected");
        assertThat(answered.json().at("/error/message").asText()).contains("200").contains("Requires pages_show_list");
        assertThat(api.storedRows(tenant)).containsEntry("accounts", 0).containsEntry("events", 0);
    }

    @Test
    void verifyChecksThePageTokenWithDebugTokenAsTheApp() {
        String id = connectOnePage(facebook.userWithPages(1));

        Answer verified = api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of());

        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        assertThat(verified.json().get("status").asText()).isEqualTo("active");
        var debug = facebook.requests(facebook.path("debug_token"));
        assertThat(debug.get(debug.size() - 1).param("access_token")).isEqualTo(facebook.clientId() + "|" + facebook.clientSecret());
        assertThat(debug.get(debug.size() - 1).param("input_token")).startsWith("fb-page-token");
    }

    @Test
    void a190OnVerifyRevokesTheAccount() {
        User user = facebook.userWithPages(1);
        String id = connectOnePage(user);
        user.killTokens(460);

        api.assertRevoked(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of()));
    }

    @Test
    void a190OnRefreshRevokesTheAccountSinceRefreshingAPageTokenMeansCheckingIt() {
        User user = facebook.userWithPages(1);
        String id = connectOnePage(user);
        user.killTokens(467);

        api.assertRevoked(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/refresh", Map.of()));
    }

    @Test
    void aRateLimitOnVerifyDoesNotRevokeEvenAsHttp400() {
        User user = facebook.userWithPages(1);
        String id = connectOnePage(user);
        user.rateLimit(4);

        api.assertStillActive(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of()));
    }

    @Test
    void aRefusedAppTokenSaysNothingAboutThePageAndDoesNotRevoke() {
        User user = facebook.userWithPages(1);
        String id = connectOnePage(user);
        user.refuseAppToken();

        Answer verified = api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of());

        assertThat(verified.status()).isEqualTo(422);
        assertThat(verified.json().at("/error/code").asText()).isEqualTo("platform_rejected");
        assertThat(api.get(tenant, "/v1/accounts/" + id).json().get("status").asText()).isEqualTo("active");
    }

    private Started start(User user, Map<String, String> body) {
        Started started = api.start(tenant, "facebook", body);
        facebook.willLogIn(started.state(), user);
        return started;
    }

    private String connectOnePage(User user) {
        Answer account = complete(browser.consent(start(user, Map.of()).redirectUrl()));
        assertThat(account.status()).as(account.text()).isEqualTo(201);
        return account.json().get("id").asText();
    }

    private static Answer complete(Browser.Page page) {
        return MetaApi.answer(page.status(), page.body());
    }

    private List<String> platformUserIds() {
        List<String> ids = new ArrayList<>();
        api.get(tenant, "/v1/accounts").json().get("data").forEach(account -> ids.add(account.get("platformUserId").asText()));
        return ids;
    }

    private List<String> sealedResumeTokens() {
        return jdbi.withHandle(handle -> handle.createQuery("select sealed_resume_token from connect_choices where workspace_id = :w")
                .bind("w", tenant.workspace().value())
                .map((rs, ctx) -> new String(rs.getBytes(1), StandardCharsets.ISO_8859_1))
                .list());
    }
}
