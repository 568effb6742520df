package dev.mooring.command.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountDisconnected;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

/**
 * Which live account holds each upstream identity: (workspace, platform, platform user id) maps to
 * at most one account. A unique key in PostgreSQL makes the claim race-safe across threads and
 * instances; the disconnect handler runs in the subscribing group, inside the transaction that
 * appends {@link AccountDisconnected}, so the identity is released exactly when the account dies.
 */
@Component
@ProcessingGroup(AccountIdentities.PROCESSING_GROUP)
public class AccountIdentities {

    public static final String PROCESSING_GROUP = "account-state";

    private final Jdbi jdbi;

    public AccountIdentities(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The account holding this identity: the existing one, or {@code candidate} when there is none.
     * Called inside the connect transaction, it locks the identity's row until that transaction
     * ends: concurrent connects of one identity run one after another, each seeing the account and
     * events the one before committed.
     */
    public AccountId claim(WorkspaceId workspace, Platform platform, String platformUserId, AccountId candidate) {
        return jdbi.withHandle(handle -> {
            handle.createUpdate("""
                            insert into account_identities (workspace_id, platform, platform_user_id, account_id)
                            values (:workspace, :platform, :user, :candidate)
                            on conflict (workspace_id, platform, platform_user_id) do nothing""")
                    .bind("workspace", workspace.value())
                    .bind("platform", platform.wireName())
                    .bind("user", platformUserId)
                    .bind("candidate", candidate.value())
                    .execute();
            return new AccountId(handle.createQuery("""
                            select account_id from account_identities
                            where workspace_id = :workspace and platform = :platform and platform_user_id = :user
                            for update""")
                    .bind("workspace", workspace.value())
                    .bind("platform", platform.wireName())
                    .bind("user", platformUserId)
                    .mapTo(String.class)
                    .one());
        });
    }

    @EventHandler
    void on(AccountDisconnected event) {
        jdbi.useHandle(handle -> handle.createUpdate("delete from account_identities where account_id = :id")
                .bind("id", event.accountId().value())
                .execute());
    }
}
