package dev.mooring.query.accounts;

import com.fasterxml.jackson.annotation.JsonValue;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Rebuilds the accounts read model from the event store while readers keep their rows: the
 * processor's token goes back to the start and every event is handled again into
 * {@code accounts_rebuild}; once that has caught up with the newest event, the processor pauses for
 * the moment it takes to swap the rebuilt rows in (one transaction) and then carries on live.
 *
 * <p>During the rebuild reads answer the rows as they were when it began: complete, never empty,
 * but a write made meanwhile shows only after the swap. One instance at a time: the processor must
 * run on the instance that starts the rebuild.
 */
@Component
public class AccountsReplay {

    private static final Logger log = LoggerFactory.getLogger(AccountsReplay.class);
    private static final long CATCH_UP_CHECK_MILLIS = 100;

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final AccountsDao accounts;
    private final Clock clock = Clock.systemUTC();

    /** Readable while a rebuild is starting, which can take as long as the reset waits for its table. */
    private volatile Status status = new Status(State.IDLE, null, null, null);

    public AccountsReplay(EventProcessingConfiguration processing, EventStore eventStore, AccountsDao accounts) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.accounts = accounts;
    }

    public enum State {
        IDLE, REBUILDING, FINISHED, FAILED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the latest rebuild is; {@code error} only when it failed. */
    public record Status(State state, Instant startedAt, Instant finishedAt, String error) {
    }

    public Status status() {
        return status;
    }

    /** Starts a rebuild in the background, unless one is under way; answers where it is. */
    public synchronized Status start() {
        if (status.state() == State.REBUILDING) {
            return status;
        }
        status = new Status(State.REBUILDING, clock.instant(), null, null);
        StreamingEventProcessor processor = processor();
        processor.shutDown();
        accounts.writeToRebuild();
        try {
            processor.resetTokens(); // the reset handler empties accounts_rebuild
        } catch (RuntimeException e) {
            accounts.writeToReadTable();
            status = new Status(State.FAILED, status.startedAt(), clock.instant(), e.getClass().getSimpleName());
            throw e;
        } finally {
            processor.start();
        }
        Thread swapper = new Thread(this::swapWhenCaughtUp, "accounts-rebuild");
        swapper.setDaemon(true);
        swapper.start();
        return status;
    }

    /** True once the latest rebuild has been swapped in. */
    public boolean finished() {
        return status.state() == State.FINISHED;
    }

    private void swapWhenCaughtUp() {
        try {
            while (!caughtUp()) {
                Thread.sleep(CATCH_UP_CHECK_MILLIS);
            }
            StreamingEventProcessor processor = processor();
            processor.shutDown();
            try {
                accounts.promoteRebuild();
            } finally {
                processor.start();
            }
            finish(State.FINISHED, null);
            log.info("accounts read model rebuilt from the event store");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(State.FAILED, "interrupted");
        } catch (RuntimeException e) {
            log.error("rebuilding the accounts read model failed", e);
            finish(State.FAILED, e.getClass().getSimpleName());
        }
    }

    private synchronized void finish(State state, String error) {
        status = new Status(state, status.startedAt(), clock.instant(), error);
    }

    /**
     * True once every segment has handled the newest stored event. (Axon keeps calling a segment
     * "replaying" until an event newer than the reset point arrives, so that flag cannot tell.)
     */
    private boolean caughtUp() {
        long head = eventStore.createHeadToken().position().orElse(-1L);
        var segments = processor().processingStatus().values();
        return !segments.isEmpty() && segments.stream().allMatch(s -> s.isCaughtUp() && position(s) >= head);
    }

    private static long position(EventTrackerStatus status) {
        return status.getCurrentPosition().orElse(-1L);
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(AccountsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for the accounts projection"));
    }
}
