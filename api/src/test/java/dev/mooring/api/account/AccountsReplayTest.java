package dev.mooring.api.account;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The read model is disposable: replaying the event store rebuilds it exactly, and reads go on meanwhile. */
@MooringTest
class AccountsReplayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
    @Autowired
    WebTestClient http;

    @Test
    void aResetAndReplayRebuildsAnIdenticalTable() {
        WorkspaceId workspace = accounts.tenant().workspace();
        AccountId refreshed = accounts.connected(workspace, Platform.X, "refreshed").id();
        AccountId failing = accounts.connected(workspace, Platform.X, "failing").id();
        AccountId expiring = accounts.connected(workspace, Platform.X, "expiring").id();
        AccountId revoked = accounts.connected(workspace, Platform.BLUESKY, "revoked").id();
        AccountId deleted = accounts.connected(workspace, Platform.THREADS, "deleted").id();
        commands.sendAndWait(RefreshToken.succeeded(refreshed,
                sealer.seal(refreshed, TestAccounts.credentials(Instant.parse("2027-03-01T10:00:00Z"))), null));
        commands.sendAndWait(RefreshToken.failed(failing, RefreshFailure.transientFailure("upstream answered 503", null), null));
        commands.sendAndWait(new MarkTokenExpiring(expiring));
        commands.sendAndWait(new RevokeAccount(revoked, ErrorCode.PLATFORM_AUTH_FAILED, "app password revoked"));
        commands.sendAndWait(new DisconnectAccount(deleted, workspace, null));
        for (AccountId id : List.of(refreshed, failing, expiring, revoked)) {
            accounts.read(workspace, id);
        }
        accounts.awaitGone(workspace, deleted);
        List<Map<String, Object>> before = table(workspace);
        assertThat(before).hasSize(4);

        replay.start();
        await().atMost(PATIENCE).until(replay::finished);

        assertThat(table(workspace)).isEqualTo(before);
        assertThat(rebuildTable()).isEmpty();
    }

    @Test
    void readsKeepAnsweringWithEveryAccountWhileARebuildIsUnderWay() {
        Tenant tenant = accounts.tenant();
        for (String user : List.of("one", "two", "three")) {
            accounts.connected(tenant.workspace(), Platform.X, user);
        }
        String listed = list(tenant);
        List<Map<String, Object>> before = table(tenant.workspace());

        try (Handle blocker = jdbi.open()) {
            // hold the rebuild half-way: it cannot make accounts_rebuild afresh until this lets go
            blocker.begin();
            blocker.execute("lock table accounts_rebuild in share mode");
            CompletableFuture<AccountsReplay.Status> started = CompletableFuture.supplyAsync(replay::start);
            await().atMost(PATIENCE).until(() -> waitingForTheRebuildTable() > 0);

            assertThat(replay.status().state()).isEqualTo(AccountsReplay.State.REBUILDING);
            assertThat(list(tenant)).isEqualTo(listed);
            assertThat(table(tenant.workspace())).isEqualTo(before);

            blocker.commit();
            started.join();
        }
        await().atMost(PATIENCE).until(replay::finished);
        assertThat(list(tenant)).isEqualTo(listed);
        assertThat(table(tenant.workspace())).isEqualTo(before);
    }

    @Test
    void operatorsStartARebuildWithTheAdminTokenAndNothingElse() {
        String path = "/admin/v1/rebuilds/accounts";
        http.post().uri(path).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
        http.post().uri(path).header(HttpHeaders.AUTHORIZATION, accounts.tenant().bearer())
                .exchange().expectStatus().isUnauthorized();
        http.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + MooringTest.ADMIN_TOKEN)
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.startedAt").isNotEmpty();

        await().atMost(PATIENCE).untilAsserted(() -> http.get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + MooringTest.ADMIN_TOKEN)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("finished").jsonPath("$.finishedAt").isNotEmpty());
    }

    private String list(Tenant tenant) {
        return new String(http.get().uri("/v1/accounts?limit=100").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent());
    }

    private int waitingForTheRebuildTable() {
        return jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from pg_locks where relation = 'accounts_rebuild'::regclass and not granted")
                .mapTo(Integer.class).one());
    }

    /**
     * The test's own rows: accounts of other tests keep changing meanwhile, as their token lifecycles
     * retry refreshes in the background.
     */
    private List<Map<String, Object>> table(WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("select * from accounts where workspace_id = :workspace order by account_id")
                .bind("workspace", workspace.value()).mapToMap().list());
    }

    private List<Map<String, Object>> rebuildTable() {
        return jdbi.withHandle(h -> h.createQuery("select * from accounts_rebuild").mapToMap().list());
    }
}
