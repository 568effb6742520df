package dev.mooring.command.platform.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.ChoiceKind;
import dev.mooring.command.platform.ChoiceRequired;
import dev.mooring.command.platform.ChoiceRequired.Choice;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.ConnectResult;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.command.platform.meta.AppSecretProof;
import dev.mooring.command.platform.meta.GraphConnector;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.command.platform.oauth.QueryUrl;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Facebook Pages. The code buys a short-lived user token (a GET with the secret in the query),
 * exchanged at once for a long-lived one ({@code fb_exchange_token}); {@code /me/accounts} then
 * lists the user's Pages, each with its own Page token. An account is one Page: its id is the
 * platform user id, and its Page token (which never expires) is what is stored; the user token is
 * not. Which Page: the one named at start, else the only one, else the caller picks
 * ({@link ChoiceRequired}, resumed with the long-lived user token). Page tokens are checked with
 * {@code debug_token}, authenticated as the app. Calls made with the user token carry its
 * {@code appsecret_proof} unless switched off.
 */
@Component
class FacebookConnector extends GraphConnector {

    private static final ChoiceKind PAGES = new ChoiceKind("pageId", "pages");
    private static final String PAGE_FIELDS = "id,name,access_token,picture{url},tasks";
    private static final int PAGES_PER_LIST = 100;
    // 100 lists of 100 Pages: beyond any real user, short of looping forever on a broken cursor
    private static final int MAX_LISTS = 100;

    private final FacebookProperties properties;

    FacebookConnector(FacebookProperties properties, Clock clock) {
        super(Platform.FACEBOOK, new OAuth2Settings(properties.clientId(), properties.clientSecret(),
                properties.authorizeUrl(), properties.tokenUrl(), properties.scopes(), ",", ClientAuthentication.QUERY, false),
                clock);
        this.properties = properties;
    }

    @Override
    public ConnectResult connect(String code, String codeVerifier, URI redirectUri, ConnectOptions options) {
        String userToken = longLived(client.exchangeCode(code, redirectUri, null).accessToken());
        List<JsonNode> pages = pages(userToken);
        if (pages.isEmpty()) {
            throw PlatformFailure.rejected(ErrorCode.FACEBOOK_PAGES_NONE, Platform.FACEBOOK, "no_pages",
                    "the Facebook user manages no Page they granted this app; nothing was connected");
        }
        String named = PAGES.pickedIn(options);
        if (named != null) {
            return account(pages, named);
        }
        if (pages.size() == 1) {
            return account(pages.get(0));
        }
        return new ChoiceRequired(userToken, pages.stream()
                .map(page -> new Choice(page.path("id").asText(), page.path("name").asText(null), picture(page)))
                .toList());
    }

    /** The user picks a Page, named with {@code pageId}. */
    @Override
    public Optional<ChoiceKind> choiceKind() {
        return Optional.of(PAGES);
    }

    /** Reads the Pages again with the long-lived user token, for the fresh token of the one picked. */
    @Override
    public UpstreamAccount choose(String userToken, Choice picked) {
        return account(pages(userToken), picked.id());
    }

    /** Page tokens never expire, so there is nothing to refresh; the lifecycle verifies them instead. */
    @Override
    public PlainCredentials refresh(PlainCredentials current, Instant issuedAt) {
        throw PlatformFailure.rejected(Platform.FACEBOOK, "not_refreshable",
                "Facebook Page tokens do not expire and cannot be refreshed; verify the account instead");
    }

    /**
     * {@code debug_token} as the app ({@code app_id|app_secret}): whether the Page token still works.
     * A refusal of the call itself is about the app's credentials, not the Page's, so it never revokes.
     */
    @Override
    public Optional<PlainCredentials> verify(PlainCredentials current) {
        URI debug = QueryUrl.of(graph("debug_token"), Map.of(
                "input_token", current.accessToken(),
                "access_token", properties.clientId() + "|" + properties.clientSecret()));
        JsonNode data = client.getJson(debug, Phase.APP).path("data");
        if (!data.path("is_valid").asBoolean(false)) {
            JsonNode error = data.path("error");
            String code = error.path("code").asText("invalid");
            String subcode = error.path("subcode").asText(null);
            String upstream = "OAuthException " + code + (subcode == null ? "" : "/" + subcode);
            throw new PlatformFailure(Kind.AUTH_FAILED, Platform.FACEBOOK, upstream,
                    "facebook says the Page token is no longer valid (" + upstream + ")", null);
        }
        return Optional.empty();
    }

    private String longLived(String shortLived) {
        URI exchange = QueryUrl.of(properties.tokenUrl(), Map.of(
                "grant_type", "fb_exchange_token",
                "client_id", properties.clientId(),
                "client_secret", properties.clientSecret(),
                "fb_exchange_token", shortLived));
        return client.token(client.getJson(exchange, Phase.CONNECT)).accessToken();
    }

    /** Every Page of {@code /me/accounts}, following {@code paging.next} while it stays on the Graph host. */
    private List<JsonNode> pages(String userToken) {
        List<JsonNode> pages = new ArrayList<>();
        URI list = QueryUrl.of(graph("me/accounts"), Map.of("fields", PAGE_FIELDS, "limit", String.valueOf(PAGES_PER_LIST)));
        for (int lists = 0; list != null && lists < MAX_LISTS; lists++) {
            JsonNode answer = client.getJson(withProof(list, userToken), userToken, Phase.CONNECT);
            answer.path("data").forEach(pages::add);
            String next = answer.path("paging").path("next").asText(null);
            list = next == null ? null : onGraphHost(URI.create(next));
        }
        return pages;
    }

    /** The call with its {@code appsecret_proof} for this token, in place of any the URL (a {@code paging.next}) held. */
    private URI withProof(URI call, String accessToken) {
        if (!properties.appsecretProof()) {
            return call;
        }
        // hex: nothing to encode, and the rest of the URL stays exactly as Graph sent it
        return UriComponentsBuilder.fromUri(call)
                .replaceQueryParam(AppSecretProof.PARAMETER, AppSecretProof.of(properties.clientSecret(), accessToken))
                .build(true).toUri();
    }

    // the user token goes with every list: never to a host other than the configured Graph API
    private URI onGraphHost(URI next) {
        URI api = properties.apiUrl();
        if (!api.getScheme().equalsIgnoreCase(next.getScheme()) || !api.getHost().equalsIgnoreCase(next.getHost())
                || api.getPort() != next.getPort()) {
            throw PlatformFailure.rejected(Platform.FACEBOOK, "foreign_paging", "facebook paged /me/accounts to another host");
        }
        return next;
    }

    private UpstreamAccount account(List<JsonNode> pages, String pageId) {
        return account(pages.stream().filter(page -> pageId.equals(page.path("id").asText())).findFirst()
                .orElseThrow(() -> PlatformFailure.rejected(Platform.FACEBOOK, "page_not_found",
                        "the Facebook user does not manage Page " + pageId + ", or did not grant it to this app")));
    }

    private static UpstreamAccount account(JsonNode page) {
        String pageToken = page.path("access_token").asText("");
        if (pageToken.isBlank()) {
            throw PlatformFailure.rejected(Platform.FACEBOOK, "no_page_token",
                    "facebook gave no Page token for Page " + page.path("id").asText() + ": the user lacks a role that may post");
        }
        return new UpstreamAccount(page.path("id").asText(),
                new AccountProfile(page.path("name").asText(null), null, picture(page)),
                new PlainCredentials(pageToken, null, null, null, null), AccountExtensions.NONE);
    }

    private static String picture(JsonNode page) {
        return page.path("picture").path("data").path("url").asText(null);
    }

    private URI graph(String path) {
        return URI.create(properties.apiUrl().toString().replaceAll("/+$", "") + "/" + properties.graphVersion() + "/" + path);
    }
}
