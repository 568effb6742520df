package dev.mooring.query.history;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.events.AccountEvent;
import dev.mooring.query.events.AccountEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's whole life, read from the event store rather than the read model, so it outlives
 * a disconnect (which removes the read-model row) and a rebuild. Ownership is checked on the events
 * themselves: each one names its workspace.
 */
@FrontDoor
@Component
public class AccountHistory {

    private final EventStore eventStore;

    public AccountHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * @param sequence the aggregate sequence number of the entry, the page cursor
     */
    public record Entry(long sequence, AccountEvent event) {
    }

    /** @param nextAfter the sequence to continue after, absent on the last page */
    public record Page(List<AccountEvent> events, Long nextAfter) {
    }

    /**
     * A page of entries after sequence {@code after} (-1 for the first page); empty when the account
     * never existed or belongs to another workspace.
     */
    public Optional<Page> find(WorkspaceId workspace, AccountId account, long after, int limit) {
        if (!ownedBy(workspace, account)) {
            return Optional.empty();
        }
        DomainEventStream stream = eventStore.readEvents(account.value(), after + 1);
        List<Entry> entries = new ArrayList<>();
        while (stream.hasNext() && entries.size() <= limit) { // one more tells whether another page exists
            DomainEventMessage<?> message = stream.next();
            AccountEvents.of(message.getIdentifier(), message.getTimestamp(), message.getPayload())
                    .ifPresent(event -> entries.add(new Entry(message.getSequenceNumber(), event)));
        }
        if (entries.size() <= limit) {
            return Optional.of(new Page(entries.stream().map(Entry::event).toList(), null));
        }
        List<Entry> page = entries.subList(0, limit);
        return Optional.of(new Page(page.stream().map(Entry::event).toList(), page.get(limit - 1).sequence()));
    }

    /** The first event founds the account and names its workspace; accounts never change workspace. */
    private boolean ownedBy(WorkspaceId workspace, AccountId account) {
        DomainEventStream stream = eventStore.readEvents(account.value(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Optional<AccountEvent> event = AccountEvents.of(message.getIdentifier(), message.getTimestamp(), message.getPayload());
            if (event.isPresent()) {
                return event.get().workspaceId().equals(workspace.value());
            }
        }
        return false;
    }
}
