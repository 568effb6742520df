package dev.mooring.api.config;

import dev.mooring.api.support.MooringProcess;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run command's embedded default after {@code kill -9}: its PostgreSQL, a process of its own,
 * outlives the JVM. The next start finds it by the pid and data directory it recorded, stops it, and
 * comes up with no manual step and with what was committed before the kill. Runs Mooring as a child
 * JVM, as the README's command does.
 */
class CrashRecoveryTest {

    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path work;

    @Test
    void aStartAfterKillNineStopsTheOrphanedPostgresAndServesWhatWasCommitted() throws Exception {
        Path dataDir = work.resolve("data");
        Path postgresDir = dataDir.resolve("postgres");
        ProcessHandle orphan = null;
        try {
            String devKey;
            try (MooringProcess first = MooringProcess.serve(dataDir).awaitHealthy(START)) {
                devKey = Files.readString(dataDir.resolve("dev-api-key")).trim();
                first.process().destroyForcibly().waitFor();
            }
            orphan = OrphanedPostmaster.postmasterOf(postgresDir).orElse(null);
            assertThat(orphan).as("the killed Mooring's PostgreSQL is still running").isNotNull();

            try (MooringProcess second = MooringProcess.serve(dataDir).awaitHealthy(START)) {
                assertThat(orphan.isAlive()).as("the orphaned PostgreSQL was stopped").isFalse();
                ProcessHandle current = OrphanedPostmaster.postmasterOf(postgresDir).orElseThrow();
                assertThat(current.pid()).isNotEqualTo(orphan.pid());
                assertThat(second.output()).contains("stopping it before starting anew");
                // the development key was committed before the kill: it still authenticates
                assertThat(second.get("/v1/accounts", devKey).statusCode()).isEqualTo(200);
                assertThat(durabilitySettings(postgresDir))
                        .containsExactly("fsync=on", "synchronous_commit=on", "full_page_writes=on");

                second.close();
                assertThat(second.process().exitValue()).as(second.tail()).isIn(0, 143);
                // a graceful stop takes its PostgreSQL along (its last steps may trail the JVM's exit by moments)
                await().atMost(Duration.ofSeconds(30)).until(() -> !current.isAlive());
                assertThat(postgresDir.resolve(OrphanedPostmaster.PID_FILE)).doesNotExist();
            }
        } finally {
            if (orphan != null && orphan.isAlive()) {
                orphan.destroyForcibly();
            }
        }
    }

    @Test
    void aSecondMooringOnALiveMooringsDataDirectoryIsRefusedWithAShortReport() throws Exception {
        Path dataDir = work.resolve("shared");
        try (MooringProcess first = MooringProcess.serve(dataDir).awaitHealthy(START)) {
            MooringProcess second = MooringProcess.serve(dataDir);
            Integer exit = second.awaitExit(START);
            second.close();

            assertThat(exit).as(second.tail()).isNotNull().isNotZero();
            assertThat(second.output())
                    .contains("APPLICATION FAILED TO START")
                    .contains("The data directory " + dataDir.toAbsolutePath() + " is in use by another running Mooring")
                    .doesNotContain("\tat ");
            assertThat(first.healthStatus()).as("the running one is untouched").isEqualTo(200);
        }
    }

    /** Read from the running server itself, found through the port its postmaster.pid records. */
    private static List<String> durabilitySettings(Path postgresDir) throws Exception {
        List<String> pidFile = Files.readAllLines(postgresDir.resolve(OrphanedPostmaster.PID_FILE));
        int port = Integer.parseInt(pidFile.get(3).trim()); // line 4: the port (PostgreSQL's pidfile.h)
        String password = Files.readString(postgresDir.resolveSibling(EmbeddedPostgresPassword.FILE)).trim();
        Jdbi jdbi = Jdbi.create("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
        return jdbi.withHandle(handle -> List.of("fsync", "synchronous_commit", "full_page_writes").stream()
                .map(name -> name + "=" + handle.createQuery("show " + name).mapTo(String.class).one())
                .toList());
    }
}
