package dev.mooring.api.vault;

import dev.mooring.api.MooringApplication;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.DataDirDatabase;
import dev.mooring.api.support.MooringProcess;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.kernel.AccountId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar mooring.jar --rotate-master-key} is a command: it ends, with 0 when it did its
 * work, even when its short run handled messages (here an overdue refresh deadline fires at start).
 */
class RotateMasterKeyExitsTest {

    @TempDir
    Path work;

    @Test
    void theRotationExitsZeroAfterARunWithAnOverdueDeadline() throws Exception {
        Path dataDir = work.resolve("data");
        String[] settings = {"mooring.data-dir=" + dataDir, "mooring.sandbox.access-token-lifetime=20s",
                "mooring.lifecycle.refresh.margin.sandbox=5s"};
        AccountId id;
        Instant due;
        try (RunningMooring mooring = RunningMooring.start(settings)) {
            id = SandboxAccounts.of(mooring.context()).connect(mooring.bean(ApiKeys.class).createWorkspace("rotating"), "overdue");
            Jdbi jdbi = mooring.bean(Jdbi.class);
            // the saga plans the refresh deadline after the connect
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbi.withHandle(h -> h.createQuery(
                    "select count(*) from scheduled_tasks").mapTo(Integer.class).one()) >= 1);
            due = jdbi.withHandle(h -> h.createQuery(
                    "select min(execution_time) from scheduled_tasks").mapTo(Instant.class).one());
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis() + 1_000));

        // a run handles the overdue deadline only when the scheduler polls before the rotation is done, which
        // takes what it takes: run again (the rotation is idempotent) until a run has, each one exiting by itself
        int events = 1;
        for (int run = 1; run <= 3 && events <= 1; run++) {
            MooringProcess rotation = MooringProcess.run(dataDir, MooringApplication.ROTATE_MASTER_KEY,
                    "--" + settings[0], "--" + settings[1], "--" + settings[2]);
            try {
                Integer exit = rotation.awaitExit(Duration.ofMinutes(3));
                assertThat(exit).as("exit code of run %d; output:\n%s", run, rotation.tail()).isEqualTo(0);
                assertThat(rotation.output()).contains("Re-wrapped 0 data keys under master key generated");
            } finally {
                rotation.process().destroyForcibly();
            }
            try (DataDirDatabase database = DataDirDatabase.open(dataDir)) {
                events = database.jdbi().withHandle(h -> h.createQuery(
                        "select count(*) from domain_event_entry where aggregate_identifier = :id")
                        .bind("id", id.value()).mapTo(Integer.class).one());
            }
        }
        assertThat(events).as("a rotation's run handled the overdue refresh deadline").isGreaterThan(1);
    }
}
