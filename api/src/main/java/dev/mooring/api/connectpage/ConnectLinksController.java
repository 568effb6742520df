package dev.mooring.api.connectpage;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.limits.LimitedAction;
import dev.mooring.api.limits.RateLimits;
import dev.mooring.api.web.Blocking;
import dev.mooring.api.web.ReturnUrls;
import dev.mooring.command.connect.OAuthConnectFlow;
import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Makes a Connect page link: the posting tool sends its user's browser to {@code url}, where the
 * user picks a platform and connects it, and comes back to {@code returnUrl} with {@code accountId}
 * (or {@code error}). Bluesky's app password and Facebook's Page choice happen on Mooring's page,
 * so neither passes through the posting tool.
 */
@RestController
public class ConnectLinksController {

    static final int MAX_LABEL = 100;

    private final ConnectLinks links;
    private final PlatformsOnOffer platforms;
    private final OAuthConnectFlow oauth;
    private final PublicBaseUrl publicUrl;
    private final ConnectPageProperties settings;
    private final RateLimits limits;

    public ConnectLinksController(ConnectLinks links, PlatformsOnOffer platforms, OAuthConnectFlow oauth, PublicBaseUrl publicUrl,
                                  ConnectPageProperties settings, RateLimits limits) {
        this.links = links;
        this.platforms = platforms;
        this.oauth = oauth;
        this.publicUrl = publicUrl;
        this.settings = settings;
        this.limits = limits;
    }

    /** {@code platforms}: wire names to offer (absent: every enabled one); {@code label}: shown on the page. */
    public record CreateConnectSession(String returnUrl, List<String> platforms, String label) {
    }

    public record ConnectSessionCreated(String url, Instant expiresAt) {
    }

    @Operation(operationId = "createConnectSession",
            summary = "Make a single-use Connect page link to send the user's browser to; it comes back to returnUrl with accountId or error")
    @PostMapping("/v1/connect-sessions")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ConnectSessionCreated> create(@RequestBody CreateConnectSession body, @CallerWorkspace WorkspaceId workspace,
                                              ServerWebExchange exchange) {
        limits.take(exchange, workspace, LimitedAction.CONNECT_START);
        URI returnUrl = returnUrl(body.returnUrl());
        Set<Platform> offered = body.platforms() == null ? Set.of() : platforms.named(body.platforms());
        if (body.platforms() != null && offered.isEmpty()) {
            throw ApiException.invalid("platforms, when given, names at least one platform");
        }
        String label = label(body.label());
        return Blocking.call(() -> links.create(workspace, returnUrl, offered, label, settings.ttl()))
                .map(created -> new ConnectSessionCreated(ConnectPageController.url(publicUrl, created.token()), created.expiresAt()));
    }

    private URI returnUrl(String given) {
        if (given == null || given.isBlank()) {
            throw ApiException.invalid("returnUrl is required: where the browser goes when the user is done");
        }
        URI returnUrl = ReturnUrls.parse(given);
        String scheme = returnUrl.getScheme() == null ? "" : returnUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!returnUrl.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ApiException.invalid("returnUrl must be an absolute http(s) URL");
        }
        if (!oauth.allowsReturnUrl(returnUrl)) {
            throw ApiException.invalid("returnUrl must be on an allowed origin (MOORING_RETURN_URL_ORIGINS)");
        }
        return returnUrl;
    }

    private static String label(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        if (label.strip().length() > MAX_LABEL) {
            throw ApiException.invalid("label is at most " + MAX_LABEL + " characters");
        }
        return label.strip();
    }
}
