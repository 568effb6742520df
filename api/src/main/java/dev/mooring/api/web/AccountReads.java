package dev.mooring.api.web;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.query.AccountPage;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.kernel.query.FindAccountById;
import dev.mooring.kernel.query.FindAccounts;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Blocking reads of the accounts read model, and a writer's view of its own write: the projection
 * trails the event store by a few milliseconds, so a route opens an {@link AccountWatch} (a
 * subscription query) before its command and answers with the row once the projection has written
 * the aggregate's newest event, or {@code 202 Accepted} when that takes longer than
 * {@code MOORING_READ_AFTER_WRITE_TIMEOUT}.
 */
@Component
public class AccountReads {

    private final QueryGateway queries;
    private final EventStore eventStore;
    private final ReadAfterWriteProperties settings;

    public AccountReads(QueryGateway queries, EventStore eventStore, ReadAfterWriteProperties settings) {
        this.queries = queries;
        this.eventStore = eventStore;
        this.settings = settings;
    }

    public AccountPage find(FindAccounts query) {
        return queries.query(query, ResponseTypes.instanceOf(AccountPage.class)).join();
    }

    public Optional<AccountView> find(WorkspaceId workspace, AccountId id) {
        return queries.query(new FindAccountById(workspace, id), ResponseTypes.optionalInstanceOf(AccountView.class)).join();
    }

    /** Subscribes to the account's row; open it before sending the command whose write it waits for. */
    public AccountWatch watch(WorkspaceId workspace, AccountId id) {
        return new AccountWatch(queries.subscriptionQuery(new FindAccountById(workspace, id),
                ResponseTypes.optionalInstanceOf(AccountView.class), ResponseTypes.instanceOf(AccountView.class)),
                settings.timeout());
    }

    /**
     * The account as of its newest stored event, once the read model shows that; empty when it does
     * not in time. Updates are sent by the instance whose projection wrote the row, so after the wait
     * a last read catches a write projected elsewhere.
     */
    public Optional<AccountView> afterWrite(AccountWatch watch, WorkspaceId workspace, AccountId id) {
        long newest = eventStore.lastSequenceNumberFor(id.value()).orElse(-1L);
        return watch.atLeast(newest).or(() -> find(workspace, id).filter(view -> view.version() >= newest));
    }

    /**
     * For a write already sent whose id was not known before (a connect): the subscription opens now,
     * and its first answer (the row as it is) comes after it has started to collect updates, so a
     * projection that has just written the row is seen either way.
     */
    public Optional<AccountView> findAfterWrite(WorkspaceId workspace, AccountId id) {
        try (AccountWatch watch = watch(workspace, id)) {
            return afterWrite(watch, workspace, id);
        }
    }
}
