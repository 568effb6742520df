package dev.mooring.query.accounts;

import dev.mooring.kernel.account.ProfileSeal;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The same handlers as the live projection in a processing group of their own, which a rebuild
 * replays from the start of the event store into the table readers do not use. Idle (stopped, and
 * writing nowhere) between rebuilds; see {@link AccountsReplay}.
 */
@Component
@ProcessingGroup(AccountsRebuildProjection.PROCESSING_GROUP)
class AccountsRebuildProjection extends AccountsHandlers {

    static final String PROCESSING_GROUP = "accounts-rebuild";

    private final AccountsDao accounts;
    private final ReadModelVersion version;

    AccountsRebuildProjection(AccountsDao accounts, ProfileSeal profiles, ReadModelVersion version) {
        super(accounts, profiles);
        this.accounts = accounts;
        this.version = version;
    }

    @Override
    Optional<AccountsTable> target() {
        return version.rebuildForWrite();
    }

    /** The replay starts from an empty table: whatever an earlier generation left there goes. */
    @ResetHandler
    void reset() {
        target().ifPresent(accounts::deleteAll);
    }
}
