package dev.mooring.api.lifecycle;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Mooring instances on one database keep many short-lived sandbox accounts alive together.
 * The sandbox kills a whole grant when a refresh token is presented twice, so a deadline fired on
 * both instances, or two refreshes racing, would revoke an account: none may be lost.
 */
class TwoInstancesTest {

    private static final int ACCOUNTS = 40;
    private static final int ROUNDS = 3;

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    @Test
    void twoInstancesRefreshEveryAccountOnceARoundAndLoseNone() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            String key = "mooring.master-key=" + Base64.getEncoder().encodeToString(new byte[32]);
            String[] common = {"mooring.database.url=" + url, "mooring.database.user=postgres", "mooring.database.password=",
                    key, "mooring.sandbox.enabled=true", "mooring.sandbox.access-token-lifetime=20s",
                    "mooring.lifecycle.refresh.margin.sandbox=5s"};
            try (RunningMooring a = RunningMooring.start(with(common, "mooring.data-dir=" + dataA));
                 RunningMooring b = RunningMooring.start(with(common, "mooring.data-dir=" + dataB))) {
                ApiKeys keys = a.bean(ApiKeys.class);
                WorkspaceId workspace = keys.createWorkspace("two instances");
                List<AccountId> ids = new ArrayList<>();
                for (int i = 0; i < ACCOUNTS; i++) {
                    // connects alternate between the instances, like a load balancer would
                    ids.add(SandboxAccounts.of((i % 2 == 0 ? a : b).context()).connect(workspace, "pair-" + i));
                }
                Jdbi jdbi = a.bean(Jdbi.class);

                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> ids.stream().allMatch(id -> count(jdbi, id, "TokenRefreshed") >= ROUNDS));

                for (AccountId id : ids) {
                    assertThat(count(jdbi, id, "AccountRevoked")).as("revocations of %s", id).isZero();
                    assertThat(count(jdbi, id, "TokenRefreshFailed")).as("failed refreshes of %s", id).isZero();
                }
                int killedGrants = jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from sandbox_grants where revoked_at is not null").mapTo(Integer.class).one());
                assertThat(killedGrants).as("grants killed by a reused refresh token").isZero();
            }
        }
    }

    private static String[] with(String[] common, String extra) {
        String[] all = new String[common.length + 1];
        System.arraycopy(common, 0, all, 0, common.length);
        all[common.length] = extra;
        return all;
    }

    private static int count(Jdbi jdbi, AccountId id, String type) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from domain_event_entry where aggregate_identifier = :id and payload_type like :type")
                .bind("id", id.value()).bind("type", "%" + type).mapTo(Integer.class).one());
    }
}
