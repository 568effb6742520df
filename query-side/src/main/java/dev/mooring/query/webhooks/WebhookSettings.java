package dev.mooring.query.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * How webhooks are delivered.
 *
 * @param retrySchedule  the wait before each retry after a failed attempt; when it is used up the
 *                       delivery has failed for good
 * @param attemptTimeout how long one attempt may take, connect to last byte
 * @param pollInterval   how often the dispatcher looks for due deliveries
 * @param maxInFlight    attempts under way at once on this instance
 * @param maxInFlightPerEndpoint attempts under way at once to one endpoint, so that one slow
 *                       endpoint's backlog leaves room for every other endpoint
 * @param secretOverlap  how long a rotated-out signing secret keeps signing beside the new one
 */
@ConfigurationProperties("mooring.webhooks")
record WebhookSettings(List<Duration> retrySchedule, Duration attemptTimeout, Duration pollInterval,
                              int maxInFlight, int maxInFlightPerEndpoint, Duration secretOverlap) {

    /**
     * A claimed delivery stays invisible to other senders this long; if its sender dies, it is due
     * again afterwards. Longer than any attempt, so a live sender always records its result first.
     */
    public Duration lease() {
        return attemptTimeout.multipliedBy(3);
    }
}
