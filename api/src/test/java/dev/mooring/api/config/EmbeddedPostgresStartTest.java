package dev.mooring.api.config;

import dev.mooring.api.support.MooringProcess;
import dev.mooring.api.support.RunningMooring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL starts on a thread of its own while Spring builds the context, and a start
 * refused once it is running, before the context took it over or after, leaves no PostgreSQL behind.
 */
class EmbeddedPostgresStartTest {

    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path dataDir;

    @Test
    void postgresComesUpOnItsOwnThreadWhileTheContextIsBuilt() throws Exception {
        try (MooringProcess mooring = MooringProcess.serve(dataDir).awaitHealthy(START)) {
            assertThat(mooring.output()).containsPattern("postgres-start\\] \\S+ +: Embedded PostgreSQL ready on");
        }
    }

    @Test
    void aDataDirectoryResolvedAnewEachTimeStillHoldsTheDatabaseAndTheKeysTogether() throws Exception {
        try (RunningMooring mooring = RunningMooring.start("mooring.data-dir=" + dataDir + "/${random.uuid}")) {
            assertThat(mooring.bean(MooringProperties.class).dataDir()).isNotNull();
        }
        try (Stream<Path> made = Files.list(dataDir)) {
            List<Path> directories = made.toList();
            assertThat(directories).as("one data directory, not one per resolution").hasSize(1);
            assertThat(directories.get(0).resolve("postgres/PG_VERSION")).exists();
            assertThat(directories.get(0).resolve("master-key")).exists();
        }
    }

    @Test
    void aStartRefusedOnceItsPostgresRanLeavesNoneRunning() throws Exception {
        try (MooringProcess refused = MooringProcess.run(dataDir, Map.of("MOORING_DATA_DIR", dataDir.toString(),
                "MOORING_MASTER_KEY", "not-base64-of-32-bytes"))) {
            assertThat(refused.awaitExit(START)).as(refused::tail).isNotNull().isNotZero();
            assertThat(refused.output()).contains("MOORING_MASTER_KEY");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).as("the PostgreSQL was made").exists();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("and stopped").doesNotExist();
    }

    @Test
    void aRefusedPortStopsThePostgresTheContextTookOver() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             MooringProcess refused = MooringProcess.run(dataDir, Map.of("MOORING_DATA_DIR", dataDir.toString(),
                     "MOORING_PORT", String.valueOf(taken.getLocalPort())))) {
            assertThat(refused.awaitExit(START)).as(refused::tail).isNotNull().isNotZero();
            assertThat(refused.output()).contains("Embedded PostgreSQL ready on");
        }
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).as("PostgreSQL stopped").isFalse();
    }
}
