package dev.mooring.api.history;

import dev.mooring.api.support.OnInMemoryEventStore;

/**
 * Every {@link AccountHistoryTest} again, on Axon's in-memory event store: history reads through
 * Axon's event store API, so it works on Axon Server too.
 */
@OnInMemoryEventStore
class AccountHistoryOnInMemoryStoreTest extends AccountHistoryTest {
}
