package dev.mooring.api.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
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
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read model is disposable: a second processing group replays the event store into the table
 * readers do not use, readers switch to it once it has caught up, and meanwhile reads and writes go
 * on against the current table.
 */
@MooringTest
@Import(TestPdsConfig.class)
class AccountsReplayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String ADMIN = "Bearer " + MooringTest.ADMIN_TOKEN;
    private static final String REBUILDS = "/admin/v1/rebuilds/accounts";

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
    @Autowired
    TestPds pds;
    @Autowired
    ObjectMapper json;

    @Test
    void aRebuildReplaysAnIdenticalTableAndReadersSwitchToIt() {
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
        String oldTable = replay.status().readTable();

        AccountsReplay.Status started = replay.start();
        assertThat(started.state()).isEqualTo(AccountsReplay.State.REBUILDING);
        assertThat(started.rebuildTable()).isNotEqualTo(oldTable).startsWith("accounts_");
        await().atMost(PATIENCE).until(replay::finished);

        AccountsReplay.Status finished = replay.status();
        assertThat(finished.readTable()).isEqualTo(started.rebuildTable());
        assertThat(finished.rebuildTable()).isNull();
        assertThat(table(workspace)).isEqualTo(before);
        assertThat(rows(finished.readTable(), workspace)).isEqualTo(before);
        assertThat(rows(oldTable, workspace)).as("the retired table is emptied").isEmpty();
        assertThat(currentTable()).isEqualTo(finished.readTable());
    }

    /**
     * The rebuild is held half-way: an uncommitted row of the same id in the rebuild's table makes
     * its replay wait at that account's connect. Meanwhile a connect over HTTP answers 201 with the
     * new account, read from the live table, and the finished rebuild has it too.
     */
    @Test
    void aConnectDuringARebuildAnswers201WithTheAccount() throws Exception {
        Tenant tenant = accounts.tenant();
        AccountId early = accounts.connected(tenant.workspace(), Platform.X, "early").id();
        List<Map<String, Object>> before = table(tenant.workspace());
        String oldTable = replay.status().readTable();
        String target = oldTable.equals("accounts_a") ? "accounts_b" : "accounts_a";

        JsonNode connected;
        try (Handle blocker = jdbi.open()) {
            blocker.begin();
            blocker.createUpdate("insert into " + target + """
                             (account_id, workspace_id, platform, platform_user_id, status, connected_at, version)
                            values (:id, :ws, 'x', 'blocker', 'active', now(), -1)""")
                    .bind("id", early.value()).bind("ws", tenant.workspace().value()).execute();

            http.post().uri(REBUILDS).header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.state").isEqualTo("rebuilding").jsonPath("$.rebuildTable").isEqualTo(target);
            await().atMost(PATIENCE).until(() -> replayWaiting() > 0);

            TestPds.Account alice = pds.createAccount("alice-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
            EntityExchangeResult<byte[]> answer = http.post().uri("/v1/accounts/connect/bluesky/complete")
                    .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("identifier", alice.handle(), "appPassword", pds.createAppPassword(alice)))
                    .exchange().expectBody().returnResult();
            connected = json.readTree(answer.getResponseBody());
            assertThat(answer.getStatus().value()).as(connected.toString()).isEqualTo(201);
            assertThat(connected.get("platformUserId").asText()).isEqualTo(alice.did());
            assertThat(connected.get("handle").asText()).isEqualTo(alice.handle());
            http.get().uri("/v1/accounts/" + connected.get("id").asText()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.handle").isEqualTo(alice.handle());

            // still half-way: readers on the old table, a second start answers the same rebuild
            AccountsReplay.Status during = replay.status();
            assertThat(during.state()).isEqualTo(AccountsReplay.State.REBUILDING);
            assertThat(during.readTable()).isEqualTo(oldTable);
            http.post().uri(REBUILDS).header(HttpHeaders.AUTHORIZATION, ADMIN).exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.startedAt").isEqualTo(during.startedAt().toString());
            blocker.rollback();
        }
        await().atMost(PATIENCE).until(replay::finished);

        assertThat(replay.status().readTable()).isEqualTo(target);
        List<Map<String, Object>> after = table(tenant.workspace());
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after).containsAll(before);
        assertThat(after).anyMatch(row -> row.get("account_id").equals(connected.get("id").asText()));
    }

    @Test
    void operatorsStartARebuildWithTheAdminTokenAndNothingElse() {
        http.post().uri(REBUILDS).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
        http.post().uri(REBUILDS).header(HttpHeaders.AUTHORIZATION, accounts.tenant().bearer())
                .exchange().expectStatus().isUnauthorized();
        http.post().uri(REBUILDS).header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.startedAt").isNotEmpty().jsonPath("$.rebuildTable").isNotEmpty();

        await().atMost(PATIENCE).untilAsserted(() -> http.get().uri(REBUILDS)
                .header(HttpHeaders.AUTHORIZATION, ADMIN)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("finished").jsonPath("$.finishedAt").isNotEmpty()
                .jsonPath("$.readTable").isEqualTo(currentTable()).jsonPath("$.rebuildTable").isEmpty());
    }

    /** Transactions waiting for another's: the replay's insert, behind the blocker's uncommitted row. */
    private int replayWaiting() {
        return jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from pg_locks where locktype = 'transactionid' and not granted")
                .mapTo(Integer.class).one());
    }

    private String currentTable() {
        return jdbi.withHandle(h -> h.createQuery("select current_table from read_model_version where read_model = 'accounts'")
                .mapTo(String.class).one());
    }

    /**
     * The test's own rows: accounts of other tests keep changing meanwhile, as their token lifecycles
     * retry refreshes in the background.
     */
    private List<Map<String, Object>> table(WorkspaceId workspace) {
        return rows("accounts", workspace);
    }

    private List<Map<String, Object>> rows(String table, WorkspaceId workspace) {
        return jdbi.withHandle(h -> h.createQuery("select * from " + table + " where workspace_id = :workspace order by account_id")
                .bind("workspace", workspace.value()).mapToMap().list());
    }
}
