package dev.mooring.query.accounts;

import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.account.ProfileSeal;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

import java.time.Instant;
import java.util.Optional;

/**
 * How events become account rows: the one handler logic that both the live projection and a
 * rebuild run, each in its own processing group and into the table it is given.
 */
abstract class AccountsHandlers {

    private final AccountsDao accounts;
    private final ProfileSeal profiles;

    AccountsHandlers(AccountsDao accounts, ProfileSeal profiles) {
        this.accounts = accounts;
        this.profiles = profiles;
    }

    /** The table this group writes now; empty when it has nothing to write. */
    abstract Optional<AccountsTable> target();

    /** Called after a row was written, in the same transaction. */
    void written(AccountsTable table, String accountId) {
    }

    /** Called after a row was removed, in the same transaction. */
    void removed(String accountId) {
    }

    @EventHandler
    void on(AccountConnected event, @Timestamp Instant at, @SequenceNumber long version) {
        target().ifPresent(table -> {
            // empty once the account is deleted: a replay then rebuilds a row that its disconnect removes
            AccountProfile profile = profiles.open(event.accountId(), event.sealedProfile()).orElse(null);
            accounts.upsertConnected(table, new AccountsDao.ConnectedRow(
                    event.accountId().value(), event.workspaceId().value(), event.platform().wireName(),
                    event.platformUserId(),
                    profile == null ? null : profile.displayName(),
                    profile == null ? null : profile.handle(),
                    profile == null ? null : profile.avatarUrl(),
                    event.credentials().expiresAt(), at, event.extensions(), version));
            written(table, event.accountId().value());
        });
    }

    @EventHandler
    void on(TokenRefreshed event, @Timestamp Instant at, @SequenceNumber long version) {
        target().ifPresent(table -> {
            accounts.markRefreshed(table, event.accountId().value(), event.credentials().expiresAt(), at, version);
            written(table, event.accountId().value());
        });
    }

    @EventHandler
    void on(TokenRefreshFailed event, @Timestamp Instant at, @SequenceNumber long version) {
        target().ifPresent(table -> {
            accounts.markFailing(table, event.accountId().value(), event.code(), event.reason(),
                    event.consecutiveFailures(), at, event.nextAttemptAt(), version);
            written(table, event.accountId().value());
        });
    }

    @EventHandler
    void on(TokenExpiring event, @SequenceNumber long version) {
        target().ifPresent(table -> {
            accounts.markStatus(table, event.accountId().value(), AccountStatus.EXPIRING, null, null, version);
            written(table, event.accountId().value());
        });
    }

    @EventHandler
    void on(AccountRevoked event, @SequenceNumber long version) {
        target().ifPresent(table -> {
            accounts.markStatus(table, event.accountId().value(), AccountStatus.REVOKED, event.code(), event.reason(),
                    version);
            written(table, event.accountId().value());
        });
    }

    @EventHandler
    void on(AccountDisconnected event) {
        target().ifPresent(table -> {
            accounts.delete(table, event.accountId().value());
            removed(event.accountId().value());
        });
    }
}
