package dev.mooring.query.stream;

import dev.mooring.query.events.AccountEvents;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Feeds {@code workspace_events}, the table {@code GET /v1/events} reads, from a tracking processor
 * of its own on Axon's event store API, so the stream is the same on PostgreSQL and on Axon Server.
 * One segment and one thread: a single writer gives each event the next stream position in
 * processing order. It starts at the beginning of the store, so on an existing database every old
 * event is written once before the new ones. Replay-safe: an event handled again is left as it is
 * and keeps its position (so there is no reset handler: clients hold those positions).
 */
@Component
@ProcessingGroup(WorkspaceEventsProjection.PROCESSING_GROUP)
public class WorkspaceEventsProjection {

    public static final String PROCESSING_GROUP = "workspace-events";

    private final WorkspaceEvents events;

    public WorkspaceEventsProjection(WorkspaceEvents events) {
        this.events = events;
    }

    /** Every event: those that are no account event (or one added later) translate to nothing and are skipped. */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        AccountEvents.of(message.getIdentifier(), message.getTimestamp(), payload).ifPresent(events::append);
    }
}
