package dev.mooring.query.events;

import dev.mooring.kernel.FrontDoor;
import java.time.Instant;
import java.util.Map;

/**
 * An account event as every outside reader sees it — webhook body, stream event, history entry:
 * {@code { id, type, createdAt, workspaceId, data }}. Built only by {@link AccountEvents}, which
 * copies public fields one by one, so no credential can reach it.
 *
 * @param id        {@code evt_} + the Axon event identifier: the same for every retry and every reader
 * @param createdAt when the event happened
 */
@FrontDoor
public record AccountEvent(String id, String type, Instant createdAt, String workspaceId, Map<String, Object> data) {

    public String accountId() {
        return (String) data.get("accountId");
    }
}
