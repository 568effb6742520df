package dev.mooring.api.lifecycle;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines live in PostgreSQL and a stop never costs an account: stopped while refreshes are due
 * and kept down past the access tokens' expiry, or restarted with a lower margin, every due
 * refresh happens once afterwards and nothing is revoked. The sandbox kills a grant whose refresh
 * token is presented twice, so a refresh lost half way or run twice would show as a revoked grant.
 */
class DeadlinesSurviveRestartTest {

    private static final int ACCOUNTS = 4;

    @TempDir
    Path dataDir;

    @Test
    void aStopWhileRefreshesAreDueAndPastTheTokensExpiryLosesNoAccount() throws Exception {
        // 20-second tokens refreshed 5 seconds before expiry
        String[] settings = {"mooring.data-dir=" + dataDir, "mooring.sandbox.access-token-lifetime=20s",
                "mooring.lifecycle.refresh.margin.sandbox=5s", "mooring.lifecycle.first-retry=1s",
                "mooring.lifecycle.max-retry=2s"};
        List<AccountId> ids = new ArrayList<>();
        Instant connectedAt;
        try (RunningMooring first = RunningMooring.start(settings)) {
            connectedAt = connect(first, ids, "due-at-stop");
            // stopped just as the refreshes fall due
            sleepUntil(connectedAt.plusSeconds(15).plusMillis(300));
        }
        // and kept down past the access tokens' expiry
        sleepUntil(connectedAt.plusSeconds(24));

        try (RunningMooring second = RunningMooring.start(settings)) {
            await().atMost(Duration.ofSeconds(40)).until(() -> ids.stream().allMatch(id -> refreshed(second, id) >= 1));
            // the next refresh is due 15 s after this one: none may have run twice by now
            Thread.sleep(2_000);
            for (AccountId id : ids) {
                assertThat(refreshed(second, id)).as("refreshes of %s", id).isEqualTo(1);
                assertThat(count(second, id, "AccountRevoked")).as("revocations of %s", id).isZero();
            }
            assertThat(killedGrants(second)).as("grants killed by a reused refresh token").isZero();
        }
    }

    @Test
    void aMarginLoweredAcrossARestartStillRefreshesBeforeExpiry() throws Exception {
        String[] common = {"mooring.data-dir=" + dataDir, "mooring.sandbox.access-token-lifetime=40s",
                "mooring.lifecycle.first-retry=1s", "mooring.lifecycle.max-retry=2s"};
        List<AccountId> ids = new ArrayList<>();
        Instant connectedAt;
        try (RunningMooring first = RunningMooring.start(with(common, "mooring.lifecycle.refresh.margin.sandbox=10s"))) {
            connectedAt = connect(first, ids, "margin-lowered");
        }
        // down past the old refresh time (30 s): its deadline is overdue, but not due under the new margin
        sleepUntil(connectedAt.plusSeconds(31));

        try (RunningMooring second = RunningMooring.start(with(common, "mooring.lifecycle.refresh.margin.sandbox=4s"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> refreshed(second, id) >= 1));
            for (AccountId id : ids) {
                assertThat(count(second, id, "AccountRevoked")).as("revocations of %s", id).isZero();
                assertThat(refreshedAt(second, id)).as("refreshed under the new margin, not at once")
                        .isAfterOrEqualTo(connectedAt.plusSeconds(35));
            }
            assertThat(killedGrants(second)).isZero();
        }
    }

    private Instant connect(RunningMooring mooring, List<AccountId> ids, String prefix) throws Exception {
        WorkspaceId workspace = mooring.bean(ApiKeys.class)
                .authenticate(Files.readString(dataDir.resolve("dev-api-key")).trim()).orElseThrow().workspace();
        Instant connectedAt = Instant.now();
        for (int i = 0; i < ACCOUNTS; i++) {
            ids.add(SandboxAccounts.of(mooring.context()).connect(workspace, prefix + "-" + i));
        }
        // the lifecycle has planned every account before the stop
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduledDeadlines(mooring) >= ACCOUNTS);
        return connectedAt;
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), moment).toMillis()));
    }

    private static String[] with(String[] common, String extra) {
        String[] all = new String[common.length + 1];
        System.arraycopy(common, 0, all, 0, common.length);
        all[common.length] = extra;
        return all;
    }

    private static int scheduledDeadlines(RunningMooring mooring) {
        return mooring.bean(Jdbi.class).withHandle(h -> h.createQuery("select count(*) from scheduled_tasks")
                .mapTo(Integer.class).one());
    }

    private static int killedGrants(RunningMooring mooring) {
        return mooring.bean(Jdbi.class).withHandle(h -> h.createQuery(
                "select count(*) from sandbox_grants where revoked_at is not null").mapTo(Integer.class).one());
    }

    private static int refreshed(RunningMooring mooring, AccountId id) {
        return count(mooring, id, "TokenRefreshed");
    }

    private static Instant refreshedAt(RunningMooring mooring, AccountId id) {
        return mooring.bean(Jdbi.class).withHandle(h -> h.createQuery(
                        "select refreshed_at from account_credentials where account_id = :id")
                .bind("id", id.value()).mapTo(Instant.class).one());
    }

    private static int count(RunningMooring mooring, AccountId id, String type) {
        return mooring.bean(Jdbi.class).withHandle(h -> h.createQuery(
                        "select count(*) from domain_event_entry where aggregate_identifier = :id and payload_type like :type")
                .bind("id", id.value()).bind("type", "%" + type).mapTo(Integer.class).one());
    }
}
