package dev.mooring.query.stream;

import dev.mooring.query.events.AccountEvent;

/** An account event with its stream position in {@code workspace_events}, the stream's resume point. */
public record StreamedEvent(long position, AccountEvent event) {
}
