package dev.mooring.query.webhooks;

import dev.mooring.kernel.FrontDoor;
import java.time.Instant;
import java.util.List;

/**
 * One event's delivery to one endpoint, with every attempt made.
 *
 * @param eventId       the envelope id, sent as {@code webhook-id}: the same on every attempt
 * @param status        {@code pending}, {@code succeeded} or {@code failed} (for good)
 * @param nextAttemptAt when a pending delivery is tried next
 */
@FrontDoor
public record WebhookDelivery(String id, String eventId, String eventType, String status, Instant createdAt,
                              Instant nextAttemptAt, List<Attempt> attempts) {

    /**
     * @param statusCode the receiver's HTTP status, absent when none came
     * @param error      what went wrong, when something did
     */
    public record Attempt(int attempt, Instant attemptedAt, Integer statusCode, String error, long durationMs) {
    }
}
