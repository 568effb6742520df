package dev.mooring.query.stream;

import dev.mooring.kernel.FrontDoor;
import dev.mooring.query.events.AccountEvent;

/** An account event with its stream position in {@code workspace_events}, the stream's resume point. */
@FrontDoor
public record StreamedEvent(long position, AccountEvent event) {
}
