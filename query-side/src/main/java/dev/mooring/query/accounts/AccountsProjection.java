package dev.mooring.query.accounts;

import dev.mooring.kernel.account.ProfileSeal;
import dev.mooring.kernel.query.AccountPage;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.kernel.query.FindAccountById;
import dev.mooring.kernel.query.FindAccounts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The live accounts read model: writes the table readers use now, answers the account queries, and
 * sends each written row to the readers subscribed to it (a route waiting for its own write). Axon
 * sends those updates once the batch has committed, to the subscriptions open then; the row is read
 * for every write, since a subscription may open between the write and the commit. Replay-safe.
 */
@Component
@ProcessingGroup(AccountsProjection.PROCESSING_GROUP)
public class AccountsProjection extends AccountsHandlers {

    public static final String PROCESSING_GROUP = "accounts";

    private final AccountsDao accounts;
    private final ReadModelVersion version;
    private final QueryUpdateEmitter updates;

    AccountsProjection(AccountsDao accounts, ProfileSeal profiles, ReadModelVersion version, QueryUpdateEmitter updates) {
        super(accounts, profiles);
        this.accounts = accounts;
        this.version = version;
        this.updates = updates;
    }

    @Override
    Optional<AccountsTable> target() {
        return Optional.of(version.currentForWrite());
    }

    @Override
    void written(AccountsTable table, String accountId) {
        accounts.written(table, accountId).ifPresent(row -> updates.emit(FindAccountById.class,
                query -> query.accountId().value().equals(accountId) && query.workspaceId().equals(row.workspaceId()),
                row.view()));
    }

    @Override
    void removed(String accountId) {
        updates.complete(FindAccountById.class, query -> query.accountId().value().equals(accountId));
    }

    @QueryHandler
    AccountPage handle(FindAccounts query) {
        return accounts.find(query);
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccountById query) {
        return accounts.find(query);
    }
}
