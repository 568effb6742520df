package dev.mooring.query.webhooks;

import dev.mooring.kernel.FrontDoor;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint as its workspace sees it; never its signing secret.
 *
 * @param disabledReason why Mooring turned it off (the receiver answered 410 Gone), when it did
 */
@FrontDoor
public record WebhookEndpoint(String id, String url, List<String> eventTypes, boolean enabled, String disabledReason,
                              Instant createdAt, Instant updatedAt) {
}
