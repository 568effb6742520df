package dev.mooring.api.limits;

import dev.mooring.kernel.limits.Quota;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What one workspace, or one API key, may ask of Mooring ({@code MOORING_LIMITS_*}). Rates are
 * {@code calls/period}; quotas count what a workspace holds at once.
 *
 * @param perKey                     every rate-limited call made with one API key, whatever the route
 * @param connectStarts              connect starts per workspace: OAuth starts and Bluesky connects
 * @param blueskyLoginsPerIdentifier Bluesky logins forwarded for one identifier, across workspaces
 * @param accountChecks              forced refreshes and verifies per workspace
 * @param webhookResends             webhook resends per workspace
 * @param webhookEndpoints           webhook endpoints per workspace
 * @param eventStreams               open {@code GET /v1/events} streams per workspace, on each instance
 * @param pendingConnects            started, unfinished OAuth connects per workspace
 * @param upstreamCalls              requests of one workspace waiting on a platform at once
 * @param upstreamDeadline           how long such a request waits for its platform before answering
 *                                   {@code platform_unavailable}
 */
@ConfigurationProperties("mooring.limits")
public record LimitsProperties(
        @DefaultValue("120/1m") Rate perKey,
        @DefaultValue("60/1m") Rate connectStarts,
        @DefaultValue("10/5m") Rate blueskyLoginsPerIdentifier,
        @DefaultValue("30/1m") Rate accountChecks,
        @DefaultValue("30/1m") Rate webhookResends,
        @DefaultValue("25") int webhookEndpoints,
        @DefaultValue("10") int eventStreams,
        @DefaultValue("100") int pendingConnects,
        @DefaultValue("4") int upstreamCalls,
        @DefaultValue("10s") Duration upstreamDeadline) {

    /**
     * After its deadline, work that already began to store its result gets this long to finish
     * before the caller is answered, so that no caller is told "unavailable" about a write that
     * then lands.
     */
    public static final Duration STORE_GRACE = Duration.ofSeconds(2);

    public LimitsProperties {
        if (upstreamCalls < 1) {
            throw new IllegalArgumentException("MOORING_LIMITS_UPSTREAM_CALLS must be at least 1");
        }
        if (upstreamDeadline.isNegative() || upstreamDeadline.isZero()) {
            throw new IllegalArgumentException("MOORING_LIMITS_UPSTREAM_DEADLINE must be positive");
        }
    }

    /** Refuses an upstream deadline that, with its grace, would outlast the API's own {@code requestTimeout}. */
    public void requireWithin(Duration requestTimeout) {
        if (upstreamDeadline.plus(STORE_GRACE).compareTo(requestTimeout) >= 0) {
            throw new IllegalArgumentException("MOORING_LIMITS_UPSTREAM_DEADLINE must be shorter than "
                    + readable(requestTimeout.minus(STORE_GRACE)) + ", inside the API's own timeout (MOORING_REQUEST_TIMEOUT, "
                    + readable(requestTimeout) + ", less " + readable(STORE_GRACE) + " for a write under way)");
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    public Quota webhookEndpointsQuota() {
        return new Quota("webhook endpoints", "MOORING_LIMITS_WEBHOOK_ENDPOINTS", webhookEndpoints);
    }

    public Quota eventStreamsQuota() {
        return new Quota("open event streams", "MOORING_LIMITS_EVENT_STREAMS", eventStreams);
    }

    public Quota pendingConnectsQuota() {
        return new Quota("pending connects", "MOORING_LIMITS_PENDING_CONNECTS", pendingConnects);
    }
}
