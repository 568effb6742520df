package dev.mooring.api.config;

import dev.mooring.api.support.MooringProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a start says: progress while the embedded PostgreSQL is made, one clear line when it cannot start. */
class StartupTalksTest {

    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDefaultSaysWhatItIsDoingAndListensOnLoopbackOnly() throws Exception {
        int port = freePort();
        try (MooringProcess mooring = MooringProcess.run(dataDir, Map.of("MOORING_DATA_DIR", dataDir.toString(),
                "MOORING_PORT", String.valueOf(port)))) {
            await().atMost(START).pollInterval(Duration.ofMillis(500))
                    .failFast("Mooring exited early:\n" + mooring.tail(), () -> !mooring.process().isAlive())
                    .until(() -> accepts("127.0.0.1", port));
            assertThat(mooring.output()).contains("Creating the embedded PostgreSQL in", "Embedded PostgreSQL ready on");
            // 127.0.0.2 is loopback too, but not the address bound: nothing answers there
            assertThat(accepts("127.0.0.2", port)).isFalse();
        }
    }

    @Test
    void mooringBindAddressChoosesTheInterface() throws Exception {
        int port = freePort();
        try (MooringProcess mooring = MooringProcess.run(dataDir, Map.of("MOORING_DATA_DIR", dataDir.toString(),
                "MOORING_PORT", String.valueOf(port), "MOORING_BIND_ADDRESS", "127.0.0.2"))) {
            await().atMost(START).pollInterval(Duration.ofMillis(500))
                    .failFast("Mooring exited early:\n" + mooring.tail(), () -> !mooring.process().isAlive())
                    .until(() -> accepts("127.0.0.2", port));
            assertThat(accepts("127.0.0.1", port)).isFalse();
        }
    }

    @Test
    void aPortInUseIsOneLineNamingMooringPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             MooringProcess mooring = MooringProcess.run(dataDir, Map.of("MOORING_DATA_DIR", dataDir.toString(),
                     "MOORING_PORT", String.valueOf(taken.getLocalPort())))) {
            assertThat(mooring.awaitExit(START)).as(mooring::tail).isNotNull().isNotZero();
            String output = mooring.output();
            assertThat(output).contains("Port " + taken.getLocalPort() + " is already in use", "MOORING_PORT");
            assertThat(output).as("no stack trace").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingItsSettings() throws Exception {
        int closed = freePort();
        try (MooringProcess mooring = MooringProcess.run(dataDir, Map.of("MOORING_DATA_DIR", dataDir.toString(),
                "MOORING_PORT", String.valueOf(freePort()),
                "MOORING_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/mooring?password=canary-db-password",
                "MOORING_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32])))) {
            assertThat(mooring.awaitExit(START)).as(mooring::tail).isNotNull().isNotZero();
            String output = mooring.output();
            assertThat(output).contains("Cannot reach the database of MOORING_DATABASE_URL", "127.0.0.1:" + closed);
            assertThat(output).as("no stack trace").doesNotContain("\tat ");
            assertThat(output).doesNotContain("canary-db-password");
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
