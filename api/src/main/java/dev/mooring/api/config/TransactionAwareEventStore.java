package dev.mooring.api.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * Axon's embedded event store, telling its event producer to fetch once the database holds the new
 * events rather than when Axon's unit of work is done. A command sent inside a wider Spring
 * transaction (a connect claims the identity, creates the data key and appends the event in one)
 * finishes its unit of work before that transaction commits: the producer was told to fetch, found
 * nothing visible yet, and slept its fetch delay (a second) before looking again, so every tracking
 * processor, the read model a connect waits for among them, saw such an event a second late. In a
 * unit of work with a transaction of its own, the transaction has committed by then, and the producer
 * is told at once, as before.
 */
final class TransactionAwareEventStore extends EmbeddedEventStore {

    TransactionAwareEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        afterTransaction(() -> TransactionAwareEventStore.super.afterCommit(events));
    }

    /** Runs {@code action} once the transaction open on this thread has ended, or now when none is. */
    static void afterTransaction(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                action.run(); // rolled back too: a fetch that finds nothing costs one query
            }
        });
    }
}
