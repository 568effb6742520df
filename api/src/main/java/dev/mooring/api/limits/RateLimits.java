package dev.mooring.api.limits;

import dev.mooring.kernel.Sha256;
import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limits of the routes that make Mooring call out (a platform, a webhook receiver) or
 * start something: one window per workspace and action, one per API key across all of them, and
 * one per Bluesky identifier. A route takes from its windows before it does anything; a refusal
 * is 429 {@code rate_limited} with {@code Retry-After}, and nothing is forwarded. Every answer of
 * a limited route carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} (seconds) of its tightest window, as the IETF draft names them.
 * Windows are kept per instance.
 */
@Component
public class RateLimits {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    // windows with nothing used are forgotten once there are this many, so that made-up identifiers cannot fill memory
    private static final int SWEEP_ABOVE = 10_000;

    private final LimitsProperties settings;
    private final Map<String, RateWindow> windows = new ConcurrentHashMap<>();

    public RateLimits(LimitsProperties settings) {
        this.settings = settings;
    }

    /** Takes one call of {@code action} for the request's workspace and API key, or refuses it. */
    public void take(ServerWebExchange exchange, WorkspaceId workspace, LimitedAction action) {
        List<RateWindow> taken = windowsOf(exchange, workspace, action);
        acquire(exchange, taken);
        describe(exchange, taken);
    }

    /**
     * A Bluesky connect: a connect start, and a login forwarded for {@code identifier}. Logins are
     * counted per identifier across workspaces, as the PDS counts them: wrong app passwords stop
     * here before they lock the account out upstream. The identifier's window is only made once
     * the workspace and key allowed the call, so made-up identifiers come at the caller's own rate.
     */
    public void takeBlueskyLogin(ServerWebExchange exchange, WorkspaceId workspace, String identifier) {
        List<RateWindow> taken = windowsOf(exchange, workspace, LimitedAction.CONNECT_START);
        acquire(exchange, taken);
        RateWindow logins = window("bluesky-login:" + fingerprint(identifier(identifier)), settings.blueskyLoginsPerIdentifier(),
                "Bluesky logins for this identifier");
        acquire(exchange, List.of(logins));
        taken.add(logins);
        describe(exchange, taken);
    }

    /**
     * The workspace's window for the action, and the API key's. The gate has checked the key by the
     * time a route runs; its window is keyed by the key's hash, as the key is stored.
     */
    private List<RateWindow> windowsOf(ServerWebExchange exchange, WorkspaceId workspace, LimitedAction action) {
        List<RateWindow> taken = new ArrayList<>();
        taken.add(window(action.name() + ":" + workspace.value(), action.rate(settings), action.what() + " of this workspace"));
        taken.add(window("key:" + fingerprint(apiKey(exchange)), settings.perKey(), "limited calls with this API key"));
        return taken;
    }

    /** The key after the scheme, whose spelling ({@code Bearer}, {@code bearer}) makes no other key. */
    private static String apiKey(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String presented = authorization == null ? "" : authorization.strip();
        int space = presented.indexOf(' ');
        return space < 0 ? presented : presented.substring(space + 1).strip();
    }

    private static void acquire(ServerWebExchange exchange, List<RateWindow> windows) {
        for (RateWindow window : windows) {
            if (!window.tryAcquire()) {
                Duration wait = window.untilReset();
                describe(exchange, window.limit(), 0, wait);
                throw new ApiException(ErrorCode.RATE_LIMITED, "too many " + window.what() + ": at most " + window.limit()
                        + " per " + window.period(), "wait for Retry-After seconds before asking again", wait);
            }
        }
    }

    private static void describe(ServerWebExchange exchange, List<RateWindow> taken) {
        RateWindow tightest = taken.stream().min(Comparator.comparingInt(RateWindow::remaining)).orElseThrow();
        describe(exchange, tightest.limit(), tightest.remaining(), tightest.untilReset());
    }

    private static void describe(ServerWebExchange exchange, int limit, int remaining, Duration reset) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(LIMIT, String.valueOf(limit));
        headers.set(REMAINING, String.valueOf(remaining));
        headers.set(RESET, String.valueOf(Math.max(1, (reset.toMillis() + 999) / 1000)));
    }

    private RateWindow window(String name, Rate rate, String what) {
        RateWindow window = windows.get(name);
        if (window != null) {
            return window;
        }
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(RateWindow::idle);
        }
        return windows.computeIfAbsent(name, created -> RateWindow.of(created, rate, what));
    }

    /** {@code @Alice.bsky.social} and {@code alice.bsky.social} are one identifier. */
    private static String identifier(String identifier) {
        String given = identifier == null ? "" : identifier.strip();
        return (given.startsWith("@") ? given.substring(1) : given).toLowerCase(Locale.ROOT);
    }

    /**
     * Windows are kept by hash: of fixed size whatever the caller sent, and no key, handle or email
     * is held in memory in clear.
     */
    private static String fingerprint(String text) {
        return HexFormat.of().formatHex(Sha256.of(text));
    }
}
