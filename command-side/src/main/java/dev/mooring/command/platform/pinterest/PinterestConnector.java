package dev.mooring.command.platform.pinterest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ChoiceKind;
import dev.mooring.command.platform.ChoiceRequired;
import dev.mooring.command.platform.ChoiceRequired.Choice;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.ConnectResult;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.OAuth2Connector;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.TokenResponse;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountExtensions.DefaultBoard;
import dev.mooring.kernel.account.AccountProfile;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pinterest v5: Basic client credentials, comma-separated scopes, a 30-day access token and a
 * rotating refresh token, asked for as a continuous one unless configured otherwise. Pins need a
 * board and the API has no default one, so the account keeps one as its {@code defaultBoard}: the
 * board named at start ({@code boardId}), else the user's only board, else the one the user picks
 * ({@link ChoiceRequired}, resumed with the tokens and profile this connect read:
 * {@link AwaitingBoard}). A user with no board is refused with {@code pinterest.boards.none}: an
 * account that could not pin would look connected and fail at its first post.
 */
@Component
class PinterestConnector extends OAuth2Connector {

    private static final ChoiceKind BOARDS = new ChoiceKind("boardId", "boards");
    private static final int BOARD_PAGE_SIZE = 250;
    // 100 lists of 250 boards: beyond any real user, short of looping forever on a broken bookmark
    private static final int MAX_LISTS = 100;
    private static final String CONTINUOUS_REFRESH = "continuous_refresh";

    private final PinterestProperties properties;

    PinterestConnector(PinterestProperties properties, Clock clock) {
        super(Platform.PINTEREST, new OAuth2Client(Platform.PINTEREST, new OAuth2Settings(properties.clientId(),
                properties.clientSecret(), properties.authorizeUrl(), properties.tokenUrl(), properties.scopes(), ",",
                ClientAuthentication.BASIC, false), UpstreamHttp.client(), PinterestGrantErrors.DIALECT, clock)
                .withTokenParameters(properties.continuousRefresh() ? Map.of(CONTINUOUS_REFRESH, "true") : Map.of()), clock);
        this.properties = properties;
    }

    @Override
    public ConnectResult connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        TokenResponse token = client.exchangeCode(code, redirectUri, null);
        JsonNode user = client.getJson(api("/v5/user_account", null), token.accessToken(), Phase.CONNECT);
        String username = user.path("username").asText(null);
        AwaitingBoard connecting = new AwaitingBoard(user.path("id").asText(username),
                new AccountProfile(user.path("business_name").asText(username), username, user.path("profile_image").asText(null)),
                token.credentials(clock.instant()));
        List<Choice> boards = boards(token.accessToken());
        String named = BOARDS.pickedIn(options);
        if (named != null) {
            return account(connecting, boards.stream().filter(board -> board.id().equals(named)).findFirst()
                    .orElseThrow(() -> PlatformFailure.rejected(Platform.PINTEREST, "board_not_found",
                            "the Pinterest user has no board " + named)));
        }
        if (boards.isEmpty()) {
            throw PlatformFailure.rejected(ErrorCode.PINTEREST_BOARDS_NONE, Platform.PINTEREST, "no_boards",
                    "the Pinterest user has no board to pin to; nothing was connected: create a board and connect again");
        }
        if (boards.size() == 1) {
            return account(connecting, boards.get(0));
        }
        return new ChoiceRequired(connecting.resumeToken(), boards);
    }

    /** The user picks a board, named with {@code boardId}. */
    @Override
    public Optional<ChoiceKind> choiceKind() {
        return Optional.of(BOARDS);
    }

    /** The board picked, one of those listed at connect: the account is what that connect read. */
    @Override
    public UpstreamAccount choose(String resumeToken, Choice picked) {
        return account(AwaitingBoard.of(resumeToken), picked);
    }

    private static UpstreamAccount account(AwaitingBoard connecting, Choice board) {
        return new UpstreamAccount(connecting.userId(), connecting.profile(), connecting.credentials(),
                new AccountExtensions(new DefaultBoard(board.id(), board.name())));
    }

    /** Every board of {@code /v5/boards}, following {@code bookmark} paging; a board's cover is its picture. */
    private List<Choice> boards(String accessToken) {
        List<Choice> boards = new ArrayList<>();
        String bookmark = null;
        int lists = 0;
        do {
            JsonNode page = client.getJson(api("/v5/boards", bookmark), accessToken, Phase.CONNECT);
            page.path("items").forEach(board -> boards.add(new Choice(board.path("id").asText(),
                    board.path("name").asText(null), board.path("media").path("image_cover_url").asText(null))));
            bookmark = page.path("bookmark").asText(null);
            lists++;
        } while (bookmark != null && !bookmark.isBlank() && lists < MAX_LISTS);
        return boards;
    }

    private URI api(String path, String bookmark) {
        UriComponentsBuilder url = UriComponentsBuilder.fromUri(properties.apiUrl()).path(path);
        if (path.equals("/v5/boards")) {
            url.queryParam("page_size", BOARD_PAGE_SIZE);
        }
        if (bookmark != null) {
            url.queryParam("bookmark", bookmark);
        }
        return url.build().toUri();
    }

    @Override
    protected URI profileUrl() {
        return api("/v5/user_account", null);
    }
}
