package dev.mooring.query.stream;

import dev.mooring.query.events.AccountEvent;

/** An account event with its position in the event store (its global index), the stream's resume point. */
public record StreamedEvent(long position, AccountEvent event) {
}
