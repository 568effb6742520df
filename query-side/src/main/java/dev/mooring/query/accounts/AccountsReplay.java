package dev.mooring.query.accounts;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.query.accounts.ReadModelVersion.RebuildState;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * Rebuilds the accounts read model from the event store the way Axon does it: a second processing
 * group ({@link AccountsRebuildProjection}) has its tokens reset to the start and replays every
 * event into the table readers do not use, while the live projection keeps writing theirs. Once the
 * replay has caught up with the store, readers switch to the rebuilt table in one update of
 * {@code read_model_version}; the rebuild processor then finishes what it had, stops, and the old
 * table is emptied for the next rebuild.
 *
 * <p>Several instances: the state lives in the database, so any instance answers where a rebuild
 * stands and refuses a second one. The rebuild processor runs only while a rebuild is under way:
 * every instance checks the row a few times a second ({@link AccountsRebuildCheck}), starts it
 * when one is (an instance that started the rebuild and died is taken over through Axon's token
 * claims) and stops it when none is. The switch and the retirement are done by the instance that
 * holds the processor's segment.
 */
@FrontDoor
@Component
public class AccountsReplay {

    /** The rebuild's processor: stopped between rebuilds, which is no fault. */
    public static final String PROCESSING_GROUP = AccountsRebuildProjection.PROCESSING_GROUP;

    private static final Logger log = LoggerFactory.getLogger(AccountsReplay.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ReadModelVersion version;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final Clock clock;

    AccountsReplay(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokens,
                   TransactionManager transactions, ReadModelVersion version, Clock clock) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokens = tokens;
        this.transactions = transactions;
        this.version = version;
        this.clock = clock;
    }

    public enum State {
        IDLE, REBUILDING, FINISHED, FAILED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where the latest rebuild is. {@code readTable}: the table readers use; {@code rebuildTable}:
     * the one being replayed into (null when none is); {@code replayedTo} and {@code head}: the
     * replay's and the event store's global positions, shown by the instance running the replay;
     * {@code error} only when it failed.
     */
    public record Status(State state, String readTable, String rebuildTable, Long replayedTo, Long head,
                         Instant startedAt, Instant finishedAt, String error) {
    }

    public Status status() {
        ReadModelVersion.Row row = version.read();
        State state = switch (row.state()) {
            case IDLE -> State.IDLE;
            case STARTING, REBUILDING -> State.REBUILDING;
            case FINISHED -> State.FINISHED;
            case FAILED -> State.FAILED;
        };
        Long replayedTo = null;
        Long head = null;
        Collection<EventTrackerStatus> segments = segments();
        if (state == State.REBUILDING && !segments.isEmpty()) {
            replayedTo = segments.stream().mapToLong(AccountsReplay::position).min().orElse(-1L);
            head = head();
        }
        return new Status(state, row.current().tableName(),
                row.rebuildTable() == null ? null : row.rebuildTable().tableName(), replayedTo, head,
                row.startedAt(), row.finishedAt(), row.error());
    }

    /** True once the latest rebuild has finished: readers use its table and its processor has stopped. */
    public boolean finished() {
        return version.read().state() == RebuildState.FINISHED;
    }

    /**
     * Starts a rebuild, unless one is under way on any instance; answers where it is ({@code failed}
     * when it could not start, e.g. while another instance still holds the rebuild processor's token).
     */
    public Status start() {
        if (version.claimRebuild(clock.instant()).isEmpty()) {
            return status();
        }
        StreamingEventProcessor processor = processor();
        try {
            processor.shutDown();
            // a processor that never ran has no tokens to reset: its first segment starts at the tail
            transactions.executeInTransaction(() -> {
                if (tokens.fetchSegments(PROCESSING_GROUP).length == 0) {
                    tokens.initializeTokenSegments(PROCESSING_GROUP, 1, null);
                }
            });
            // the reset handler empties the rebuild's table; every instance has its processor stopped now
            processor.resetTokens(StreamableMessageSource::createTailToken);
            version.rebuilding();
            processor.start();
        } catch (RuntimeException e) {
            // the answer says so (state failed, the error's class); the operator may start again
            log.error("starting the accounts rebuild failed", e);
            version.fail(e.getClass().getSimpleName(), clock.instant());
            return status();
        }
        log.info("rebuilding the accounts read model from the event store");
        return status();
    }

    /** One look at the row: runs the rebuild processor while a rebuild needs it, then switches and retires. */
    void check() {
        try {
            ReadModelVersion.Row row = version.read();
            StreamingEventProcessor processor = processor();
            if (row.state() != RebuildState.REBUILDING) {
                if (row.state() != RebuildState.STARTING && processor.isRunning()) {
                    processor.shutDown();
                }
                return;
            }
            if (!processor.isRunning()) {
                processor.start();
                return;
            }
            if (!caughtUp()) {
                return;
            }
            if (!row.switched()) {
                if (version.switchReaders()) {
                    log.info("accounts readers switched to {}", row.rebuildTable().tableName());
                }
                return; // caught up again, with the store as it is after the switch, before retiring
            }
            if (version.retire(clock.instant())) {
                log.info("accounts read model rebuilt from the event store");
            }
            processor.shutDown();
        } catch (RuntimeException e) {
            log.warn("checking the accounts rebuild failed; trying again", e);
        }
    }

    /**
     * True once this instance holds the rebuild's segments and each has handled the newest stored
     * event. (Axon keeps calling a segment "replaying" until an event newer than the reset point
     * arrives, so that flag cannot tell.)
     */
    private boolean caughtUp() {
        long head = head();
        Collection<EventTrackerStatus> segments = segments();
        return !segments.isEmpty() && segments.stream().allMatch(s -> s.isCaughtUp() && position(s) >= head);
    }

    private long head() {
        return eventStore.createHeadToken().position().orElse(-1L);
    }

    private Collection<EventTrackerStatus> segments() {
        return processor().processingStatus().values();
    }

    private static long position(EventTrackerStatus status) {
        return status.getCurrentPosition().orElse(-1L);
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(AccountsRebuildProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for the accounts rebuild"));
    }
}
