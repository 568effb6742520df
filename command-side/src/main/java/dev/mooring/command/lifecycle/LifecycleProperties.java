package dev.mooring.command.lifecycle;

import dev.mooring.kernel.Platform;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * When tokens are refreshed, warned about and retried ({@code mooring.lifecycle.*}).
 *
 * @param refresh            per platform, how long before the access token's expiry to refresh it
 *                           ({@code mooring.lifecycle.refresh.margin.<platform>}, so that
 *                           {@code MOORING_LIFECYCLE_REFRESH_MARGIN_X} binds)
 * @param warnAhead          how long before an unavoidable end to fire {@code token.expiring}
 * @param minimumTokenAge    Instagram and Threads refuse to refresh younger tokens
 * @param healthCheckEvery   how often tokens that never expire (Facebook Pages) are verified
 * @param firstRetry         backoff after the first failure; doubles each time, with jitter
 * @param maxRetry           backoff never grows past this
 * @param refreshWorkers     upstream refreshes under way at once, per instance
 */
@ConfigurationProperties("mooring.lifecycle")
record LifecycleProperties(
        @DefaultValue Refresh refresh,
        @DefaultValue("7d") Duration warnAhead,
        @DefaultValue("24h") Duration minimumTokenAge,
        @DefaultValue("24h") Duration healthCheckEvery,
        @DefaultValue("30s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("8") int refreshWorkers) {

    private static final Map<Platform, Duration> DEFAULT_MARGINS = Map.of(
            Platform.X, Duration.ofMinutes(5),
            Platform.PINTEREST, Duration.ofHours(24),
            Platform.INSTAGRAM, Duration.ofDays(15),
            Platform.THREADS, Duration.ofDays(15),
            Platform.LINKEDIN, Duration.ofDays(7),
            Platform.BLUESKY, Duration.ofDays(7),
            Platform.SANDBOX, Duration.ofMinutes(1));

    /** @param margin per platform, how long before expiry to refresh */
    public record Refresh(Map<Platform, Duration> margin) {
    }

    public Duration marginFor(Platform platform) {
        Duration configured = refresh == null || refresh.margin() == null ? null : refresh.margin().get(platform);
        return configured != null ? configured : DEFAULT_MARGINS.getOrDefault(platform, Duration.ofMinutes(5));
    }
}
