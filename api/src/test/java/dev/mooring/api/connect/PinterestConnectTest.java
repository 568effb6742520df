package dev.mooring.api.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer.Board;
import dev.mooring.api.support.Browser;
import dev.mooring.api.support.Browser.Page;
import dev.mooring.api.platform.TestOAuthServer;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.ConnectApi.Answer;
import dev.mooring.api.support.ConnectApi.Started;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.mooring.api.platform.TestPlatforms.RETURN_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting a Pinterest user in a browser, against a test server that holds Mooring to
 * Pinterest's rules; pins need a board, so the account keeps one as {@code extensions.defaultBoard}:
 * the one named at start, the only one, or the one the user picks when they have several.
 */
@MooringWithTestPlatforms
@ExtendWith(OutputCaptureExtension.class)
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
    void aUserWithOneBoardIsConnectedWithThatBoardWithoutBeingAsked() {
        PinterestTestServer.User frida = user("frida", List.of(new Board("549755885175", "Recipes")));
        Started started = api.start("pinterest", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        pinterest.approves(started.state(), frida);

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.locationParameter("status")).isNull();
        JsonNode account = api.accounts().get(0);
        assertThat(account.get("id").asText()).isEqualTo(landing.locationParameter("accountId"));
        assertThat(account.get("platform").asText()).isEqualTo("pinterest");
        assertThat(account.get("platformUserId").asText()).isEqualTo(frida.id());
        assertThat(account.get("displayName").asText()).isEqualTo(frida.businessName());
        assertThat(account.get("handle").asText()).isEqualTo("frida");
        assertThat(account.get("avatarUrl").asText()).isEqualTo(frida.profileImage());
        assertThat(account.at("/extensions/defaultBoard/id").asText()).isEqualTo("549755885175");
        assertThat(account.at("/extensions/defaultBoard/name").asText()).isEqualTo("Recipes");
        assertThat(choicesStored()).isZero();
    }

    @Test
    void aUserWithBoardsOnTwoListsPicksOneAfterSelectionRequired(CapturedOutput output) {
        // more boards than Pinterest's largest page (250): the choice is only whole when read by bookmark
        List<Board> boards = IntStream.range(0, 260).mapToObj(i -> new Board("5497558801" + (100 + i), "Board " + i,
                "https://i.pinimg.com/400x300/cover-" + i + ".jpg")).toList();
        PinterestTestServer.User gala = user("gala", boards);
        int listsBefore = pinterest.calls(PinterestTestServer.BOARDS);
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("pinterest", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        pinterest.approves(started.state(), gala);

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.location().toString()).startsWith(RETURN_ORIGIN + "/connected?");
        assertThat(landing.locationParameter("status")).isEqualTo("selection_required");
        assertThat(landing.locationParameter("accountId")).isNull();
        String selectionToken = landing.locationParameter("selectionToken");
        assertThat(pinterest.calls(PinterestTestServer.BOARDS) - listsBefore).as("260 boards in two lists").isEqualTo(2);
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).as("no account before the pick").isEqualTo(before);
        assertThat(choicesStored()).isEqualTo(1);
        assertThat(sealedResumeTokens()).as("the tokens are kept sealed")
                .noneMatch(sealed -> sealed.contains(TestOAuthServer.CANARY));

        Answer offered = api.select("pinterest", Map.of("selectionToken", selectionToken));
        assertThat(offered.status()).as(offered.json().toString()).isEqualTo(200);
        assertThat(offered.json().get("status").asText()).isEqualTo("selection_required");
        assertThat(offered.json().get("platform").asText()).isEqualTo("pinterest");
        assertThat(offered.json().get("option").asText()).isEqualTo("boardId");
        assertThat(ids(offered.json().get("boards"))).containsExactlyElementsOf(boards.stream().map(Board::id).toList());
        assertThat(offered.json().get("choices")).isEqualTo(offered.json().get("boards"));
        assertThat(offered.json().at("/boards/255/name").asText()).isEqualTo("Board 255");
        assertThat(offered.json().at("/boards/255/pictureUrl").asText()).isEqualTo(boards.get(255).coverUrl());
        assertThat(offered.json().toString()).doesNotContain(TestOAuthServer.CANARY);

        Board picked = boards.get(255);
        Answer account = api.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", picked.id()));

        assertThat(account.status()).as(account.json().toString()).isEqualTo(201);
        assertThat(account.json().get("platformUserId").asText()).isEqualTo(gala.id());
        assertThat(account.json().get("displayName").asText()).isEqualTo(gala.businessName());
        assertThat(account.json().get("handle").asText()).isEqualTo("gala");
        assertThat(account.json().at("/extensions/defaultBoard/id").asText()).isEqualTo(picked.id());
        assertThat(account.json().at("/extensions/defaultBoard/name").asText()).isEqualTo("Board 255");
        assertThat(account.json().toString()).doesNotContain(TestOAuthServer.CANARY);
        assertThat(api.accounts()).hasSize(1);
        assertThat(pinterest.calls(PinterestTestServer.BOARDS) - listsBefore).as("the pick asks Pinterest nothing more").isEqualTo(2);

        // the account keeps the tokens the code bought: they refresh
        JsonNode refreshed = ConnectApi.json(new String(http.post().uri("/v1/accounts/" + account.json().get("id").asText() + "/refresh")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
        assertThat(refreshed.get("status").asText()).isEqualTo("active");
        assertThat(pinterest.refreshesWith(pinterest.refreshTokensIssuedTo(gala).get(0))).isEqualTo(1);
        assertThat(output.getAll()).as("the tokens the paused connect held, in no log line")
                .doesNotContain(pinterest.accessTokensIssuedTo(gala).get(0)).doesNotContain(pinterest.refreshTokensIssuedTo(gala).get(0));

        Answer again = api.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", boards.get(1).id()));
        assertThat(again.status()).as("a used selection token").isEqualTo(400);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(api.accounts()).hasSize(1);
        assertThat(api.accounts().get(0).at("/extensions/defaultBoard/id").asText()).isEqualTo(picked.id());
    }

    @Test
    void withoutAReturnUrlTheBoardsToPickFromAreAnsweredAsJson() {
        PinterestTestServer.User hugo = user("hugo", List.of(new Board("549755885180", "Sketches", "https://i.pinimg.com/cover-s.jpg"),
                new Board("549755885181", "Empty")));
        Started started = api.start("pinterest", Map.of());
        pinterest.approves(started.state(), hugo);

        Page answer = browser.follow(started.redirectUrl());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode choice = ConnectApi.json(answer.body());
        assertThat(choice.get("status").asText()).isEqualTo("selection_required");
        assertThat(choice.get("platform").asText()).isEqualTo("pinterest");
        assertThat(choice.get("option").asText()).isEqualTo("boardId");
        assertThat(choice.get("expiresAt").asText()).endsWith("Z");
        assertThat(ids(choice.get("boards"))).containsExactly("549755885180", "549755885181");
        assertThat(choice.at("/boards/0/pictureUrl").asText()).isEqualTo("https://i.pinimg.com/cover-s.jpg");
        assertThat(choice.at("/boards/1/pictureUrl").isNull()).as("a board without a cover").isTrue();
        assertThat(answer.body()).doesNotContain(TestOAuthServer.CANARY);

        Answer account = api.select("pinterest", Map.of("selectionToken", choice.get("selectionToken").asText(), "boardId", "549755885181"));
        assertThat(account.status()).as(account.json().toString()).isEqualTo(201);
        assertThat(account.json().at("/extensions/defaultBoard/name").asText()).isEqualTo("Empty");
    }

    @Test
    void aBoardThatWasNotOfferedIsRefusedAndTheTokenStaysUsable() {
        PinterestTestServer.User ivo = user("ivo", List.of(new Board("549755885190", "Maps"), new Board("549755885191", "Trains")));
        String selectionToken = selectionToken(ivo);
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());

        Answer foreign = api.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", "549755885175"));
        Answer asAPage = api.select("pinterest", Map.of("selectionToken", selectionToken, "pageId", "549755885190"));

        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(foreign.json().at("/error/message").asText()).contains("boardId").doesNotContain(selectionToken);
        assertThat(asAPage.status()).as("a board is picked with boardId").isEqualTo(400);
        assertThat(asAPage.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(asAPage.json().at("/error/message").asText()).contains("boardId").contains("pageId");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
        Answer account = api.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", "549755885191"));
        assertThat(account.status()).as(account.json().toString()).isEqualTo(201);
    }

    @Test
    void aSelectionTokenServesOnlyTheWorkspaceThatStartedTheConnect() {
        PinterestTestServer.User jana = user("jana", List.of(new Board("549755885192", "Knits"), new Board("549755885193", "Yarn")));
        String selectionToken = selectionToken(jana);
        Tenant other = accounts.tenant();
        ConnectApi stranger = new ConnectApi(http, other);
        StoredFootprint othersBefore = StoredFootprint.of(jdbi, other.workspace());

        Answer shown = stranger.select("pinterest", Map.of("selectionToken", selectionToken));
        Answer picked = stranger.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", "549755885192"));

        assertThat(shown.status()).isEqualTo(400);
        assertThat(shown.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(shown.json().toString()).doesNotContain("Knits");
        assertThat(picked.status()).isEqualTo(400);
        assertThat(picked.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(StoredFootprint.of(jdbi, other.workspace())).isEqualTo(othersBefore);
        assertThat(api.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", "549755885192")).status()).isEqualTo(201);
    }

    @Test
    void anExpiredSelectionTokenIsRefusedAsFacebooksIs() {
        String selectionToken = selectionToken(user("kai", List.of(new Board("549755885194", "Birds"), new Board("549755885195", "Bees"))));
        jdbi.useHandle(handle -> handle.createUpdate(
                        "update connect_choices set expires_at = now() - interval '1 second' where workspace_id = :ws")
                .bind("ws", tenant.workspace().value()).execute());

        Answer expired = api.select("pinterest", Map.of("selectionToken", selectionToken, "boardId", "549755885194"));

        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(expired.json().at("/error/message").asText()).contains("expired");
        assertThat(api.accounts()).isEmpty();
    }

    @Test
    void aPlatformWhoseConnectsNeverAskHasNoChoiceToMake() {
        Answer x = api.select("x", Map.of("selectionToken", "anything", "boardId", "549755885175"));

        assertThat(x.status()).isEqualTo(404);
        assertThat(x.json().at("/error/code").asText()).isEqualTo("not_found");
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
    void aUserWithNoBoardsGetsPinterestBoardsNoneAndNothingIsStored() {
        StoredFootprint before = StoredFootprint.of(jdbi, tenant.workspace());
        Started started = api.start("pinterest", Map.of("returnUrl", RETURN_ORIGIN + "/connected"));
        pinterest.approves(started.state(), user("boardless", List.of()));

        Page landing = browser.follow(started.redirectUrl());

        assertThat(landing.location().toString()).isEqualTo(RETURN_ORIGIN + "/connected?error=pinterest.boards.none");

        Started again = api.start("pinterest", Map.of());
        pinterest.approves(again.state(), user("boardless", List.of()));
        Page answer = browser.follow(again.redirectUrl());

        assertThat(answer.status()).isEqualTo(422);
        JsonNode error = ConnectApi.json(answer.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("pinterest.boards.none");
        assertThat(error.get("platform").asText()).isEqualTo("pinterest");
        assertThat(error.get("message").asText()).contains("create a board");
        assertThat(StoredFootprint.of(jdbi, tenant.workspace())).isEqualTo(before);
        assertThat(choicesStored()).isZero();
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

    /** A connect of {@code user} without a returnUrl, paused for the board: its selection token. */
    private String selectionToken(PinterestTestServer.User user) {
        Started started = api.start("pinterest", Map.of());
        pinterest.approves(started.state(), user);
        Page answer = browser.follow(started.redirectUrl());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return ConnectApi.json(answer.body()).get("selectionToken").asText();
    }

    private static List<String> ids(JsonNode listed) {
        List<String> ids = new ArrayList<>();
        listed.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private int choicesStored() {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from connect_choices where workspace_id = :ws")
                .bind("ws", tenant.workspace().value()).mapTo(Integer.class).one());
    }

    private List<String> sealedResumeTokens() {
        return jdbi.withHandle(handle -> handle.createQuery("select sealed_resume_token from connect_choices where workspace_id = :ws")
                .bind("ws", tenant.workspace().value())
                .map((rs, ctx) -> new String(rs.getBytes(1), StandardCharsets.ISO_8859_1))
                .list());
    }

    private static PinterestTestServer.User user(String username, List<Board> boards) {
        return new PinterestTestServer.User("5497558" + Math.abs(username.hashCode()), username, username + " studio",
                "https://i.pinimg.com/75x75_RS/" + username + ".jpg", boards);
    }
}
