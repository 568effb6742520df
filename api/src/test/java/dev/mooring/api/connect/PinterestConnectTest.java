package dev.mooring.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer.Board;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.mooring.api.platform.TestPlatforms.RETURN_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting a Pinterest user in a browser, against a test server that holds Mooring to
 * Pinterest's rules; pins need a board, so the account keeps one as {@code extensions.defaultBoard}.
 */
@MooringWithTestPlatforms
class PinterestConnectTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    PinterestTestServer pinterest;
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
    void connectsAPinterestUserWithTheirFirstBoardAsTheDefault() {
        PinterestTestServer.User frida = user("frida", List.of(new Board("549755885175", "Recipes"), new Board("549755885176", "Garden")));
        Started started = api.start("pinterest", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        pinterest.approves(started.state(), frida);

        Page landing = browser.follow(started.redirectUrl());

        JsonNode account = api.accounts().get(0);
        assertThat(account.get("id").asText()).isEqualTo(landing.locationParameter("accountId"));
        assertThat(account.get("platform").asText()).isEqualTo("pinterest");
        assertThat(account.get("platformUserId").asText()).isEqualTo(frida.id());
        assertThat(account.get("displayName").asText()).isEqualTo(frida.businessName());
        assertThat(account.get("handle").asText()).isEqualTo("frida");
        assertThat(account.get("avatarUrl").asText()).isEqualTo(frida.profileImage());
        assertThat(account.at("/extensions/defaultBoard/id").asText()).isEqualTo("549755885175");
        assertThat(account.at("/extensions/defaultBoard/name").asText()).isEqualTo("Recipes");
    }

    @Test
    void aBoardNamedAtStartIsFoundOnALaterPage() {
        // more boards than Pinterest's largest page (250), so the named one is only reachable by bookmark
        List<Board> boards = IntStream.range(0, 260).mapToObj(i -> new Board("5497558800" + (100 + i), "Board " + i)).toList();
        Board wanted = boards.get(255);
        Started started = api.start("pinterest", Map.of("boardId", wanted.id()));
        pinterest.approves(started.state(), user("diego", boards));

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode account = ConnectApi.json(answer.body());
        assertThat(account.at("/extensions/defaultBoard/id").asText()).isEqualTo(wanted.id());
        assertThat(account.at("/extensions/defaultBoard/name").asText()).isEqualTo("Board 255");
        assertThat(pinterest.calls(PinterestTestServer.BOARDS)).isEqualTo(2);
    }

    @Test
    void aBoardTheUserDoesNotHaveIsPlatformRejected() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("pinterest", Map.of("boardId", "000000000000"));
        pinterest.approves(started.state(), user("frida", List.of(new Board("549755885175", "Recipes"))));

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).isEqualTo(422);
        assertThat(ConnectApi.json(answer.body()).at("/error/code").asText()).isEqualTo("platform_rejected");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void aUserWithNoBoardsIsPlatformRejectedAndNothingIsStored() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("pinterest", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        pinterest.approves(started.state(), user("boardless", List.of()));

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.locationParameter("error")).isEqualTo("platform_rejected");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void aRateLimitedExchangeIsPlatformUnavailableWithRetryAfter() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("pinterest", Map.of());
        pinterest.approves(started.state(), user("frida", List.of(new Board("549755885175", "Recipes"))));
        pinterest.answerNext(PinterestTestServer.TOKEN, PinterestTestServer.rateLimited(30));

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).isEqualTo(503);
        assertThat(ConnectApi.json(answer.body()).at("/error/code").asText()).isEqualTo("platform_unavailable");
        assertThat(answer.header("Retry-After")).isEqualTo("30");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
    }

    @Test
    void anAppFromBefore20250925ConnectsAndRefreshesWithAContinuousRefreshToken() {
        // the server refuses (and fails the test on) any token request of this app without continuous_refresh=true
        pinterest.createdBefore20250925(true);
        PinterestTestServer.User ines = user("ines", List.of(new Board("549755885177", "Prints")));
        Started started = api.start("pinterest", Map.of());
        pinterest.approves(started.state(), ines);

        Page answer = browser.follow(started.redirectUrl());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String id = ConnectApi.json(answer.body()).get("id").asText();
        assertThat(pinterest.refreshTokensIssuedTo(ines)).hasSize(1);
        String first = pinterest.refreshTokensIssuedTo(ines).get(0);

        JsonNode refreshed = ConnectApi.json(new String(http.post().uri("/v1/accounts/" + id + "/refresh")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));

        assertThat(refreshed.get("status").asText()).isEqualTo("active");
        assertThat(pinterest.refreshesWith(first)).isEqualTo(1);
        assertThat(pinterest.refreshTokensIssuedTo(ines)).hasSize(2);
        assertThat(pinterest.violations()).isEmpty();
    }

    private static PinterestTestServer.User user(String username, List<Board> boards) {
        return new PinterestTestServer.User("5497558" + Math.abs(username.hashCode()), username, username + " studio",
                "https://i.pinimg.com/75x75_RS/" + username + ".jpg", boards);
    }
}
