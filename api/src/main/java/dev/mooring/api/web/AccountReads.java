package dev.mooring.api.web;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.query.AccountPage;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.kernel.query.FindAccountById;
import dev.mooring.kernel.query.FindAccounts;
import dev.mooring.query.accounts.AccountsProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Blocking reads of the accounts read model, and the wait that gives a writer its own write: the
 * projection trails the event store by a few milliseconds, so after a command the route waits until
 * the row reflects the aggregate's newest event (or is gone) before answering.
 */
@Component
public class AccountReads {

    private static final Duration CATCH_UP = Duration.ofSeconds(5);

    private final QueryGateway queries;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;

    public AccountReads(QueryGateway queries, EventStore eventStore, EventProcessingConfiguration processing) {
        this.queries = queries;
        this.eventStore = eventStore;
        this.processing = processing;
    }

    public AccountPage find(FindAccounts query) {
        return queries.query(query, ResponseTypes.instanceOf(AccountPage.class)).join();
    }

    public Optional<AccountView> find(WorkspaceId workspace, AccountId id) {
        return queries.query(new FindAccountById(workspace, id), ResponseTypes.optionalInstanceOf(AccountView.class)).join();
    }

    /** The account as of its newest event; waits for the projection to get there. */
    public Optional<AccountView> findAfterWrite(WorkspaceId workspace, AccountId id) {
        long newest = eventStore.lastSequenceNumberFor(id.value()).orElse(-1L);
        return await(workspace, id, view -> view.isPresent() && view.get().version() >= newest);
    }

    /**
     * Waits until the account is gone from the read model. An absent row alone proves nothing (a
     * delete right after a connect may come before the connect's row, which would then appear), so
     * the projection must also have handled everything up to the store's head as it was now.
     */
    public void awaitGone(WorkspaceId workspace, AccountId id) {
        long head = eventStore.createHeadToken().position().orElse(-1L);
        await(workspace, id, view -> view.isEmpty() && projectionReached(head));
    }

    private boolean projectionReached(long position) {
        return processing.eventProcessor(AccountsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values().stream()
                        .allMatch(status -> status.getCurrentPosition().orElse(-1L) >= position))
                .orElse(true);
    }

    private Optional<AccountView> await(WorkspaceId workspace, AccountId id, Predicate<Optional<AccountView>> done) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        Optional<AccountView> view = find(workspace, id);
        long pause = 2;
        while (!done.test(view) && System.nanoTime() < deadline) {
            sleep(pause);
            pause = Math.min(pause * 2, 50);
            view = find(workspace, id);
        }
        return view;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read model", e);
        }
    }
}
