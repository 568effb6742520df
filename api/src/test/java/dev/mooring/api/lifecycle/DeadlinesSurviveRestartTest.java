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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines live in PostgreSQL: stop Mooring with a refresh due, start it again later, and the
 * overdue refresh fires, once.
 */
class DeadlinesSurviveRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void anOverdueRefreshFiresOnceAfterARestart() throws Exception {
        String[] settings = {"mooring.data-dir=" + dataDir, "mooring.sandbox.access-token-lifetime=120s",
                "mooring.lifecycle.refresh-margin.sandbox=110s"};
        AccountId id;
        Instant refreshDue;
        try (RunningMooring first = RunningMooring.start(settings)) {
            WorkspaceId workspace = first.bean(ApiKeys.class)
                    .authenticate(Files.readString(dataDir.resolve("dev-api-key")).trim()).orElseThrow();
            id = SandboxAccounts.of(first.context()).connect(workspace, "sleeper");
            refreshDue = Instant.now().plusSeconds(10);
            await().atMost(Duration.ofSeconds(30)).until(() -> scheduledDeadlines(first) >= 2);
            assertThat(refreshed(first, id)).isZero();
        }
        // down while the refresh falls due
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), refreshDue).toMillis() + 1_000));

        try (RunningMooring second = RunningMooring.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> refreshed(second, id) >= 1);
            // the next one is due 10 s after this refresh: well after this check
            Thread.sleep(3_000);
            assertThat(refreshed(second, id)).isEqualTo(1);
            assertThat(revoked(second, id)).isZero();
        }
    }

    private static int scheduledDeadlines(RunningMooring mooring) {
        return mooring.bean(Jdbi.class).withHandle(h -> h.createQuery("select count(*) from scheduled_tasks")
                .mapTo(Integer.class).one());
    }

    private static int refreshed(RunningMooring mooring, AccountId id) {
        return count(mooring, id, "%TokenRefreshed");
    }

    private static int revoked(RunningMooring mooring, AccountId id) {
        return count(mooring, id, "%AccountRevoked");
    }

    private static int count(RunningMooring mooring, AccountId id, String type) {
        return mooring.bean(Jdbi.class).withHandle(h -> h.createQuery(
                        "select count(*) from domain_event_entry where aggregate_identifier = :id and payload_type like :type")
                .bind("id", id.value()).bind("type", type).mapTo(Integer.class).one());
    }
}
