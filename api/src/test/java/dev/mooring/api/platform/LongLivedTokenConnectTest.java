package dev.mooring.api.platform;

import dev.mooring.api.platform.LongLivedTokenTestServer.User;
import dev.mooring.api.platform.MetaApi.Answer;
import dev.mooring.api.platform.MetaApi.Started;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Instagram Login and Threads must both do, each against its own test server: connect through
 * a browser-like flow into an account of its own, refresh only tokens at least 24 hours old and
 * keep the new one, revoke on Graph code 190 and never on a rate limit.
 */
public abstract class LongLivedTokenConnectTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    protected MetaApi api;
    protected Browser browser;
    protected Tenant tenant;

    protected abstract LongLivedTokenTestServer server();

    protected abstract String platform();

    @BeforeEach
    void newWorkspace() {
        api = new MetaApi(http, jdbi);
        browser = new Browser(http);
        tenant = accounts.tenant();
    }

    @AfterEach
    void backToNow() {
        MetaTestServers.clock().reset();
    }

    @Test
    void connectsThroughItsOwnOAuthIntoItsOwnAccount() {
        User user = server().user("someone");
        Started started = start(user);
        URI authorize = URI.create(started.redirectUrl());
        assertThat(authorize.getPath()).isEqualTo("/oauth/authorize");
        assertThat(MetaApi.queryParam(authorize, "client_id")).isEqualTo(server().clientId());
        assertThat(MetaApi.queryParam(authorize, "redirect_uri"))
                .isEqualTo(MetaTestServers.mooringUrl() + "/v1/accounts/connect/" + platform() + "/complete");

        Browser.Page back = browser.consent(started.redirectUrl());
        Answer account = MetaApi.answer(back.status(), back.body());

        assertThat(account.status()).as(account.text()).isEqualTo(201);
        assertThat(account.json().get("platform").asText()).isEqualTo(platform());
        assertThat(account.json().get("platformUserId").asText()).isEqualTo(user.id());
        assertThat(account.json().get("handle").asText()).isEqualTo(user.username());
        assertThat(account.json().get("displayName").asText()).isEqualTo(user.name());
        assertThat(account.json().get("avatarUrl").asText()).isEqualTo(user.pictureUrl());
        assertThat(Instant.parse(account.json().get("tokenExpiresAt").asText()))
                .as("the 60-day token, not the 1-hour one")
                .isAfter(Instant.now().plus(Duration.ofDays(59))).isBefore(Instant.now().plus(Duration.ofDays(61)));
        var codeExchange = server().requests("/oauth/access_token");
        assertThat(codeExchange.get(codeExchange.size() - 1).form()).containsEntry("client_secret", List.of(server().clientSecret()));
        var profile = server().requests(server().profilePath());
        assertThat(profile.get(profile.size() - 1).accessToken()).isEqualTo(server().newestToken(user));
    }

    @Test
    void aTokenYoungerThan24HoursIsNotSentToBeRefreshed() {
        User user = server().user("young");
        String id = connect(user);
        int refreshesBefore = server().requests("/refresh_access_token").size();
        MetaTestServers.clock().shift(Duration.ofHours(23));

        Answer refreshed = api.post(tenant, "/v1/accounts/" + id + "/refresh", Map.of());

        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.json().get("refreshedAt").isNull()).isTrue();
        assertThat(server().requests("/refresh_access_token")).hasSize(refreshesBefore);
    }

    @Test
    void aTokenAtLeast24HoursOldIsRefreshedAndTheNewOneKept() {
        User user = server().user("aged");
        String id = connect(user);
        Instant expiresBefore = Instant.parse(api.get(tenant, "/v1/accounts/" + id).json().get("tokenExpiresAt").asText());
        MetaTestServers.clock().shift(Duration.ofHours(25));

        Answer refreshed = api.post(tenant, "/v1/accounts/" + id + "/refresh", Map.of());

        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.json().get("refreshedAt").isNull()).isFalse();
        assertThat(Instant.parse(refreshed.json().get("tokenExpiresAt").asText())).isAfter(expiresBefore);
        String renewed = server().newestToken(user);
        assertThat(api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of()).status()).isEqualTo(200);
        var profile = server().requests(server().profilePath());
        assertThat(profile.get(profile.size() - 1).accessToken()).as("the refreshed token is the one kept").isEqualTo(renewed);
    }

    @Test
    void a190OnRefreshRevokesTheAccount() {
        User user = server().user("killed");
        String id = connect(user);
        MetaTestServers.clock().shift(Duration.ofHours(25));
        user.killTokens(460);

        api.assertRevoked(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/refresh", Map.of()));
    }

    @Test
    void a190OnVerifyRevokesTheAccount() {
        User user = server().user("removed");
        String id = connect(user);
        user.killTokens(458);

        api.assertRevoked(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of()));
    }

    @Test
    void aRateLimitOnRefreshDoesNotRevoke() {
        User user = server().user("busy");
        String id = connect(user);
        MetaTestServers.clock().shift(Duration.ofHours(25));
        user.rateLimit(17);

        api.assertStillActive(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/refresh", Map.of()));
    }

    @Test
    void aRateLimitOnVerifyDoesNotRevoke() {
        User user = server().user("throttled");
        String id = connect(user);
        user.rateLimit(613);

        api.assertStillActive(tenant, id, api.post(tenant, "/v1/accounts/" + id + "/verify", Map.of()));
    }

    protected Started start(User user) {
        Started started = api.start(tenant, platform(), Map.of());
        server().willLogIn(started.state(), user);
        return started;
    }

    protected String connect(User user) {
        Browser.Page back = browser.consent(start(user).redirectUrl());
        Answer account = MetaApi.answer(back.status(), back.body());
        assertThat(account.status()).as(account.text()).isEqualTo(201);
        return account.json().get("id").asText();
    }
}
