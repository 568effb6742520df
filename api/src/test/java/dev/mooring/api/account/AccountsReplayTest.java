package dev.mooring.api.account;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.DisconnectAccount;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.query.accounts.AccountsReplay;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read model is disposable: replaying the event store rebuilds it exactly. */
@MooringTest
class AccountsReplayTest {

    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    CredentialsSealer sealer;
    @Autowired
    AccountsReplay replay;
    @Autowired
    Jdbi jdbi;

    @Test
    void aResetAndReplayRebuildsAnIdenticalTable() {
        WorkspaceId workspace = accounts.tenant().workspace();
        AccountId refreshed = accounts.connected(workspace, Platform.X, "refreshed").id();
        AccountId failing = accounts.connected(workspace, Platform.PINTEREST, "failing").id();
        AccountId expiring = accounts.connected(workspace, Platform.LINKEDIN, "expiring").id();
        AccountId revoked = accounts.connected(workspace, Platform.BLUESKY, "revoked").id();
        AccountId deleted = accounts.connected(workspace, Platform.THREADS, "deleted").id();
        commands.sendAndWait(RefreshToken.succeeded(refreshed,
                sealer.seal(refreshed, TestAccounts.credentials(Instant.parse("2027-03-01T10:00:00Z")))));
        commands.sendAndWait(RefreshToken.failed(failing, RefreshFailure.transientFailure("upstream answered 503")));
        commands.sendAndWait(new MarkTokenExpiring(expiring));
        commands.sendAndWait(new RevokeAccount(revoked, ErrorCode.PLATFORM_AUTH_FAILED, "app password revoked"));
        commands.sendAndWait(new DisconnectAccount(deleted, workspace));
        for (AccountId id : List.of(refreshed, failing, expiring, revoked)) {
            accounts.read(workspace, id);
        }
        accounts.awaitGone(workspace, deleted);
        List<Map<String, Object>> before = table();
        assertThat(before).hasSizeGreaterThanOrEqualTo(4);

        replay.start();
        await().atMost(Duration.ofSeconds(30)).until(replay::finished);

        assertThat(table()).isEqualTo(before);
    }

    private List<Map<String, Object>> table() {
        return jdbi.withHandle(h -> h.createQuery("select * from accounts order by account_id").mapToMap().list());
    }
}
