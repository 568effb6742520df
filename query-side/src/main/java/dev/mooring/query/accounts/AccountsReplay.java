package dev.mooring.query.accounts;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the accounts read model from the event store: the processor stops, its token goes back
 * to the start, the reset handler empties the table, and every event is handled again.
 */
@Component
public class AccountsReplay {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    public AccountsReplay(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public void start() {
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    /**
     * True once every segment has handled the newest stored event. (Axon keeps calling a segment
     * "replaying" until an event newer than the reset point arrives, so that flag cannot tell.)
     */
    public boolean finished() {
        long head = eventStore.createHeadToken().position().orElse(-1L);
        var status = processor().processingStatus().values();
        return !status.isEmpty() && status.stream().allMatch(s -> s.isCaughtUp() && position(s) >= head);
    }

    private static long position(EventTrackerStatus status) {
        return status.getCurrentPosition().orElse(-1L);
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(AccountsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for the accounts projection"));
    }
}
