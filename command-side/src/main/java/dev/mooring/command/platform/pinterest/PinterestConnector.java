package dev.mooring.command.platform.pinterest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.OAuth2Connector;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.TokenResponse;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountExtensions.DefaultBoard;
import dev.mooring.kernel.account.AccountProfile;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Pinterest v5: Basic client credentials, comma-separated scopes, a 30-day access token and a
 * rotating refresh token, asked for as a continuous one unless configured otherwise. Pins need a board and the API has no default one, so the board named at
 * connect start (or else the first listed) becomes the account's {@code defaultBoard}.
 */
@Component
class PinterestConnector extends OAuth2Connector {

    private static final int BOARD_PAGE_SIZE = 250;
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
    public UpstreamAccount connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        TokenResponse token = client.exchangeCode(code, redirectUri, null);
        JsonNode user = client.getJson(api("/v5/user_account", null), token.accessToken(), Phase.CONNECT);
        DefaultBoard board = board(token.accessToken(), options.boardId());
        String username = user.path("username").asText(null);
        return new UpstreamAccount(user.path("id").asText(username),
                new AccountProfile(user.path("business_name").asText(username), username,
                        user.path("profile_image").asText(null)),
                token.credentials(clock.instant()), new AccountExtensions(board));
    }

    /** The named board, or the first one; following {@code bookmark} paging when looking for a name. */
    private DefaultBoard board(String accessToken, String wanted) {
        String bookmark = null;
        do {
            JsonNode page = client.getJson(api("/v5/boards", bookmark), accessToken, Phase.CONNECT);
            for (JsonNode board : page.path("items")) {
                if (wanted == null || wanted.equals(board.path("id").asText())) {
                    return new DefaultBoard(board.path("id").asText(), board.path("name").asText(null));
                }
            }
            bookmark = page.path("bookmark").asText(null);
        } while (bookmark != null && !bookmark.isBlank());
        throw PlatformFailure.rejected(Platform.PINTEREST, wanted == null ? "no_boards" : "board_not_found",
                wanted == null ? "the Pinterest user has no board to post to; create one and connect again"
                        : "the Pinterest user has no board " + wanted);
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
