package dev.mooring.api.config;

import dev.mooring.api.support.MooringTest;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's event store tells its producer to fetch new events after the database has
 * committed them: inside a wider transaction, only once that transaction has ended; outside one, at
 * once. Told earlier, the producer found nothing committed and slept a second, and every tracking
 * processor (the read model a connect waits for) lagged a second behind each connect.
 */
@MooringTest
class TransactionAwareEventStoreTest {

    @Autowired
    EventStore applicationStore;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theApplicationsEventStoreIsTheTransactionAwareOne() {
        assertThat(applicationStore).isInstanceOf(TransactionAwareEventStore.class);
    }

    @Test
    void insideATransactionTheProducerIsToldOnlyOnceItHasCommitted() {
        List<String> happened = new ArrayList<>();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            TransactionAwareEventStore.afterTransaction(() -> happened.add("producer told"));
            happened.add("transaction still open");
        });
        happened.add("committed");
        assertThat(happened).containsExactly("transaction still open", "producer told", "committed");
    }

    @Test
    void aRolledBackTransactionStillTellsTheProducerOnce() {
        List<String> happened = new ArrayList<>();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            TransactionAwareEventStore.afterTransaction(() -> happened.add("producer told"));
            status.setRollbackOnly();
        });
        assertThat(happened).containsExactly("producer told");
    }

    @Test
    void outsideATransactionTheProducerIsToldAtOnce() {
        List<String> happened = new ArrayList<>();
        TransactionAwareEventStore.afterTransaction(() -> happened.add("producer told"));
        happened.add("returned");
        assertThat(happened).containsExactly("producer told", "returned");
    }
}
