package dev.mooring.api.lifecycle;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.DataDirDatabase;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop while refresh deadlines keep falling due: the deadline scheduler stops before
 * Axon's handlers do, so no deadline fires into a half-stopped application ("No handler was
 * subscribed"); what was due and not yet run runs after the next start, and no account is lost.
 */
class DeadlinesDueAtShutdownTest {

    private static final int ACCOUNTS = 30;

    @TempDir
    Path dataDir;

    @Test
    void deadlinesDueWhileStoppingFailNoneAndRunAfterTheRestart() throws Exception {
        String[] settings = {"mooring.data-dir=" + dataDir, "mooring.sandbox.access-token-lifetime=20s",
                "mooring.lifecycle.refresh.margin.sandbox=5s"};
        List<AccountId> ids = new ArrayList<>();
        try (RunningMooring first = RunningMooring.start(settings)) {
            WorkspaceId workspace = first.bean(ApiKeys.class).createWorkspace("stopping");
            SandboxAccounts sandbox = SandboxAccounts.of(first.context());
            for (int i = 0; i < ACCOUNTS; i++) {
                ids.add(sandbox.connect(workspace, "stopping-" + i));
                // spreads the deadlines over 9 s and more, so that what falls due after the stop began is
                // seconds of deadlines, more than a slow stop on a busy machine lets run (100 ms once let all 30 run)
                Thread.sleep(300);
            }
            Jdbi jdbi = first.bean(Jdbi.class);
            // the saga plans each account's refresh (a refreshable token gets no expiry)
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbi.withHandle(h -> h.createQuery(
                    "select count(*) from scheduled_tasks").mapTo(Integer.class).one()) >= ACCOUNTS);
            // stop once a third of the refreshes are due: the others fall due while it stops
            Instant third = jdbi.withHandle(h -> h.createQuery(
                            "select execution_time from scheduled_tasks order by execution_time offset :n limit 1")
                    .bind("n", ACCOUNTS / 3).mapTo(Instant.class).one());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), third).toMillis() + 200));
        }

        try (DataDirDatabase database = DataDirDatabase.open(dataDir)) {
            List<Map<String, Object>> failedOrCutOff = database.jdbi().withHandle(h -> h.createQuery("""
                    select task_instance, consecutive_failures, picked from scheduled_tasks
                    where consecutive_failures > 0 or picked""").mapToMap().list());
            assertThat(failedOrCutOff)
                    .as("deadline executions that failed or were cut off by the stop").isEmpty();
            int refreshedBeforeStop = ids.stream().mapToInt(id -> count(database.jdbi(), id, "%TokenRefreshed")).sum();
            assertThat(refreshedBeforeStop).as("some deadlines ran before the stop, some were left for the restart")
                    .isBetween(1, ACCOUNTS - 1);
        }

        try (RunningMooring second = RunningMooring.start(settings)) {
            Jdbi jdbi = second.bean(Jdbi.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ids.stream().allMatch(id -> count(jdbi, id, "%TokenRefreshed") >= 1));
            for (AccountId id : ids) {
                assertThat(count(jdbi, id, "%AccountRevoked")).as("revocations of %s", id).isZero();
            }
        }
    }

    private static int count(Jdbi jdbi, AccountId id, String type) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from domain_event_entry where aggregate_identifier = :id and payload_type like :type")
                .bindMap(Map.of("id", id.value(), "type", type)).mapTo(Integer.class).one());
    }
}
