package dev.mooring.query.accounts;

import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.account.ProfileSeal;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.query.AccountPage;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.kernel.query.FindAccountById;
import dev.mooring.kernel.query.FindAccounts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/** Keeps the {@code accounts} read model and answers the account queries from it. Replay-safe. */
@Component
@ProcessingGroup(AccountsProjection.PROCESSING_GROUP)
public class AccountsProjection {

    public static final String PROCESSING_GROUP = "accounts";

    private final AccountsDao accounts;
    private final ProfileSeal profiles;

    public AccountsProjection(AccountsDao accounts, ProfileSeal profiles) {
        this.accounts = accounts;
        this.profiles = profiles;
    }

    @EventHandler
    void on(AccountConnected event, @Timestamp Instant at, @SequenceNumber long version) {
        // empty once the account is deleted: a replay then rebuilds a row that its disconnect removes
        AccountProfile profile = profiles.open(event.accountId(), event.sealedProfile()).orElse(null);
        accounts.upsertConnected(new AccountsDao.ConnectedRow(
                event.accountId().value(), event.workspaceId().value(), event.platform().wireName(),
                event.platformUserId(),
                profile == null ? null : profile.displayName(),
                profile == null ? null : profile.handle(),
                profile == null ? null : profile.avatarUrl(),
                event.credentials().expiresAt(), at, event.extensions(), version));
    }

    @EventHandler
    void on(TokenRefreshed event, @Timestamp Instant at, @SequenceNumber long version) {
        accounts.markRefreshed(event.accountId().value(), event.credentials().expiresAt(), at, version);
    }

    @EventHandler
    void on(TokenRefreshFailed event, @Timestamp Instant at, @SequenceNumber long version) {
        accounts.markFailing(event.accountId().value(), event.code(), event.reason(), event.consecutiveFailures(), at,
                event.nextAttemptAt(), version);
    }

    @EventHandler
    void on(TokenExpiring event, @SequenceNumber long version) {
        accounts.markStatus(event.accountId().value(), AccountStatus.EXPIRING, null, null, version);
    }

    @EventHandler
    void on(AccountRevoked event, @SequenceNumber long version) {
        accounts.markStatus(event.accountId().value(), AccountStatus.REVOKED, event.code(), event.reason(), version);
    }

    @EventHandler
    void on(AccountDisconnected event) {
        accounts.delete(event.accountId().value());
    }

    @ResetHandler
    void reset() {
        accounts.deleteAll();
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
