package dev.mooring.api.connectpage;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.limits.LimitedAction;
import dev.mooring.api.limits.LimitsProperties;
import dev.mooring.api.limits.RateLimits;
import dev.mooring.api.limits.UpstreamWork;
import dev.mooring.api.web.AccountReads;
import dev.mooring.api.web.Blocking;
import dev.mooring.api.web.ReturnUrls;
import dev.mooring.command.connect.OAuthConnectFlow;
import dev.mooring.command.connect.OAuthConnectFlow.Completed;
import dev.mooring.command.connect.OAuthConnectFlow.SelectionRequired;
import dev.mooring.command.connect.PendingChoice;
import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.command.platform.ChoiceKind;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.bluesky.BlueskyConnectFlow;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Connect page and the small JSON routes its script calls, each authorized by the link's token
 * in the path alone (the posting tool's API key never reaches the browser). An OAuth connect leaves
 * for the platform and comes back to {@code /connect/resume}, the same page, which finds its token
 * again in the tab's {@code sessionStorage}; which account the platform's redirect connected is
 * recorded by Mooring against the link ({@link ConnectLinks#connectedThroughOAuth}), never read from
 * the browser. Every route ends with where the browser goes next: the link's return URL with
 * {@code accountId}, or with {@code error}.
 */
@RestController
public class ConnectPageController {

    static final String PAGE = "/connect/{token}";
    /** Where an OAuth connect started on the page brings the browser back: the page, without the token. */
    static final String RESUME = "/connect/resume";
    private static final Resource HTML = new ClassPathResource("connect-page/connect.html");
    // the tokens this page hands out: 32 random bytes, base64url without padding
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern ERROR = Pattern.compile("[a-z._]{1,40}");
    private static final String CANCELLED = "cancelled";

    private final ConnectLinks links;
    private final PlatformsOnOffer platforms;
    private final OAuthConnectFlow oauth;
    private final BlueskyConnectFlow bluesky;
    private final PublicBaseUrl publicUrl;
    private final AccountReads reads;
    private final RateLimits limits;
    private final LimitsProperties quotas;
    private final UpstreamWork upstream;

    public ConnectPageController(ConnectLinks links, PlatformsOnOffer platforms, OAuthConnectFlow oauth, BlueskyConnectFlow bluesky,
                                 PublicBaseUrl publicUrl, AccountReads reads, RateLimits limits, LimitsProperties quotas,
                                 UpstreamWork upstream) {
        this.links = links;
        this.platforms = platforms;
        this.oauth = oauth;
        this.bluesky = bluesky;
        this.publicUrl = publicUrl;
        this.reads = reads;
        this.limits = limits;
        this.quotas = quotas;
        this.upstream = upstream;
    }

    /** {@code kind}: {@code oauth} (the platform's consent page) or {@code app_password} (a form on this page). */
    public record Offered(String platform, String name, String kind) {
    }

    public record ConnectPageSession(String label, Instant expiresAt, List<Offered> platforms) {
    }

    /** Where the browser goes next. */
    public record Next(String redirectUrl) {
    }

    /** Its {@code toString} never shows the app password. */
    public record BlueskyLogin(String identifier, String appPassword) {
        @Override
        public String toString() {
            return "BlueskyLogin[identifier=" + identifier + ", appPassword redacted]";
        }
    }

    public record ChoicesRequest(String selectionToken) {
    }

    /** {@code choiceId}: the id of one of the choices on offer. */
    public record Pick(String selectionToken, String choiceId) {
    }

    /**
     * What the user picks from after the platform answered {@code selection_required}: {@code option}
     * and {@code list} name the kind of choice as the API does ({@code pageId} / {@code pages} for a
     * Facebook Page, {@code boardId} / {@code boards} for a Pinterest board).
     */
    public record ChoicesOnOffer(String platform, String option, String list, Instant expiresAt, List<Offer> choices) {

        public record Offer(String id, String name, String pictureUrl) {
        }
    }

    /** {@code error}: the code the page stopped on, passed on to the return URL; absent: the user cancelled. */
    public record Leave(String error) {
    }

    static String url(PublicBaseUrl publicUrl, String token) {
        return base(publicUrl) + "/connect/" + token;
    }

    @Operation(operationId = "connectPage", summary = "The Connect page the posting tool sends its user's browser to",
            responses = @ApiResponse(responseCode = "200", description = "the page (HTML); its script reads the link's state",
                    content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string"))))
    @GetMapping(value = PAGE, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> page(@PathVariable String token) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(HTML);
    }

    @Operation(operationId = "connectPageSession", summary = "What the link offers: its label and the platforms on offer")
    @GetMapping(PAGE + "/session")
    public Mono<ConnectPageSession> session(@PathVariable String token) {
        return Blocking.call(() -> {
            ConnectLink link = usable(token);
            return new ConnectPageSession(link.label(), link.expiresAt(), platforms.of(link).stream()
                    .map(platform -> new Offered(platform.wireName(), PlatformsOnOffer.name(platform),
                            PlatformsOnOffer.kind(platform).name().toLowerCase(Locale.ROOT)))
                    .toList());
        });
    }

    @Operation(operationId = "connectPageStartOAuth", summary = "Start an OAuth connect from the page: send the browser to redirectUrl")
    @PostMapping(PAGE + "/oauth/{platform}")
    public Mono<Next> startOAuth(@PathVariable String token, @PathVariable String platform, ServerWebExchange exchange) {
        Platform target = Platform.fromWireName(platform).orElseThrow(ApiException::unknownPlatform);
        if (PlatformsOnOffer.kind(target) != PlatformsOnOffer.Kind.OAUTH) {
            throw ApiException.invalid(target.wireName() + " does not connect through OAuth");
        }
        return Blocking.call(() -> offering(usable(token), target)).flatMap(link -> {
            limits.take(exchange, link.workspace(), LimitedAction.CONNECT_START);
            return Blocking.call(() -> {
                OAuthConnectFlow.Started started = oauth.start(link.workspace(), target, URI.create(base(publicUrl) + RESUME),
                        ConnectOptions.NONE, quotas.pendingConnectsQuota());
                if (!links.startedOAuth(token, started.state())) {
                    throw expired();
                }
                return new Next(started.redirectUrl().toString());
            });
        });
    }

    @Operation(operationId = "connectPageBluesky", summary = "Connect a Bluesky account from the page's form (handle or email, app password)")
    @PostMapping(PAGE + "/bluesky")
    public Mono<Next> connectBluesky(@PathVariable String token, @RequestBody BlueskyLogin body, ServerWebExchange exchange) {
        return Blocking.call(() -> offering(usable(token), Platform.BLUESKY)).flatMap(link -> {
            limits.takeBlueskyLogin(exchange, link.workspace(), body.identifier());
            // resolving the identity and logging in wait on servers the user chose: kept to the workspace's own slots
            return upstream.call(link.workspace(), () -> {
                AccountId account = bluesky.connect(link.workspace(), body.identifier(), body.appPassword());
                return connectedAndFinished(token, link, account);
            });
        });
    }

    @Operation(operationId = "connectPageChoices", summary = "What the user may pick from (Facebook Pages, Pinterest boards), after the platform answered selection_required")
    @PostMapping(PAGE + "/choice/{platform}")
    public Mono<ChoicesOnOffer> choices(@PathVariable String token, @PathVariable String platform, @RequestBody ChoicesRequest body) {
        Platform target = Platform.fromWireName(platform).orElseThrow(ApiException::unknownPlatform);
        choiceKind(target); // a platform that never asks is refused before the link is looked up
        String selectionToken = selectionToken(body.selectionToken());
        return Blocking.call(() -> {
            ConnectLink link = offering(usable(token), target);
            if (!(oauth.select(link.workspace(), target, selectionToken, ConnectOptions.NONE) instanceof SelectionRequired waiting)) {
                throw new IllegalStateException("a select that picks nothing answered a connect");
            }
            PendingChoice pending = waiting.pending();
            return new ChoicesOnOffer(target.wireName(), pending.kind().option(), pending.kind().listName(), pending.expiresAt(),
                    pending.choices().stream().map(choice -> new ChoicesOnOffer.Offer(choice.id(), choice.name(), choice.pictureUrl())).toList());
        });
    }

    @Operation(operationId = "connectPageSelectChoice", summary = "Connect with the Facebook Page or the Pinterest board the user picked on the page")
    @PostMapping(PAGE + "/choice/{platform}/select")
    public Mono<Next> select(@PathVariable String token, @PathVariable String platform, @RequestBody Pick body) {
        Platform target = Platform.fromWireName(platform).orElseThrow(ApiException::unknownPlatform);
        ChoiceKind kind = choiceKind(target);
        String selectionToken = selectionToken(body.selectionToken());
        if (body.choiceId() == null || body.choiceId().isBlank()) {
            throw ApiException.invalid("choiceId is required: one of the " + kind.listName() + " on offer");
        }
        return Blocking.call(() -> offering(usable(token), target)).flatMap(link -> upstream.call(link.workspace(), () -> {
            if (!(oauth.select(link.workspace(), target, selectionToken, kind.picking(body.choiceId())) instanceof Completed connected)) {
                throw new IllegalStateException("a select that picks " + kind.option() + " did not connect");
            }
            return connectedAndFinished(token, link, connected.accountId());
        }));
    }

    @Operation(operationId = "connectPageFinish", summary = "After an OAuth connect: where the browser goes, with the account connected through the link")
    @PostMapping(PAGE + "/finish")
    public Mono<Next> finish(@PathVariable String token) {
        checkShape(token);
        return Blocking.call(() -> links.finish(token)
                .map(finished -> back(finished.returnUrl(), "accountId", finished.accountId().value()))
                .orElseThrow(ConnectPageController::expired));
    }

    @Operation(operationId = "connectPageLeave", summary = "The user gives up: the link is used up and the browser goes back with error")
    @PostMapping(PAGE + "/leave")
    public Mono<Next> leave(@PathVariable String token, @RequestBody(required = false) Leave body) {
        checkShape(token);
        String error = body == null || body.error() == null || !ERROR.matcher(body.error()).matches()
                || ErrorCode.fromCode(body.error()).isEmpty() ? CANCELLED : body.error();
        return Blocking.call(() -> links.abandon(token).map(returnUrl -> back(returnUrl, "error", error))
                .orElseThrow(ConnectPageController::expired));
    }

    private Next connectedAndFinished(String token, ConnectLink link, AccountId account) {
        if (!links.connected(token, account)) {
            // another tab of the same link connected first; this account is connected, but the link is spent
            throw expired();
        }
        // the posting tool reads the account as soon as the browser is back: it should see its own write
        reads.findAfterWrite(link.workspace(), account);
        return links.finish(token).map(finished -> back(finished.returnUrl(), "accountId", finished.accountId().value()))
                .orElseThrow(ConnectPageController::expired);
    }

    private ConnectLink usable(String token) {
        checkShape(token);
        return links.usable(token).orElseThrow(ConnectPageController::expired);
    }

    private ConnectLink offering(ConnectLink link, Platform platform) {
        if (!link.offers(platform)) {
            throw ApiException.invalid(platform.wireName() + " is not one of the platforms this link offers");
        }
        if (!platforms.enabled(platform)) {
            throw new ApiException(ErrorCode.PLATFORM_NOT_ENABLED, platform.wireName() + " is not enabled on this Mooring");
        }
        return link;
    }

    private ChoiceKind choiceKind(Platform platform) {
        return oauth.choiceKind(platform).orElseThrow(() -> ApiException.invalid(platform.wireName() + " never asks for a choice"));
    }

    private static void checkShape(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw expired(); // no different answer for a token that could never have been one
        }
    }

    private static String selectionToken(String selectionToken) {
        if (selectionToken == null || selectionToken.isBlank()) {
            throw ApiException.invalid("selectionToken is required");
        }
        return selectionToken;
    }

    private static Next back(URI returnUrl, String name, String value) {
        return new Next(ReturnUrls.with(returnUrl, Map.of(name, value)).toString());
    }

    private static ApiException expired() {
        return new ApiException(ErrorCode.CONNECT_SESSION_EXPIRED, "this connect link is unknown, expired or used already",
                "go back to the app that sent you here and start connecting again: it makes a new link");
    }

    private static String base(PublicBaseUrl publicUrl) {
        return publicUrl.get().toString().replaceAll("/+$", "");
    }
}
