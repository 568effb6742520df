package dev.mooring.api.stream;

import dev.mooring.api.support.OnInMemoryEventStore;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import dev.mooring.query.stream.StreamSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link EventStreamTest} again, on Axon's in-memory event store: the stream is fed through
 * Axon's event store API, not from {@code domain_event_entry}, so it works on Axon Server too.
 */
@OnInMemoryEventStore
class EventStreamOnInMemoryStoreTest extends EventStreamTest {

    @Autowired
    StreamSettings settings;

    @Test
    void theEventsAreNotInThePostgresEventStore() {
        Tenant tenant = accounts.tenant();
        accounts.connected(tenant.workspace(), Platform.X, "in-memory"); // returns once the read model has it

        long stored = jdbi.withHandle(h -> h.createQuery("select count(*) from domain_event_entry").mapTo(Long.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void theStreamSettingsAreReadUnderTheirEnvironmentNames() {
        assertThat(settings.heartbeat()).isEqualTo(OnInMemoryEventStore.HEARTBEAT);
        assertThat(settings.pollInterval()).isEqualTo(OnInMemoryEventStore.POLL_INTERVAL);
    }
}
