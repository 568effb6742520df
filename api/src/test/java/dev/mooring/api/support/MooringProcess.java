package dev.mooring.api.support;

import dev.mooring.api.MooringApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Mooring as its own JVM, started the way the run command starts it ({@code java ... MooringApplication
 * --mooring.data-dir=...}), for what only a whole process shows: being killed, exiting by itself.
 * Its output goes to a file, shown when an assertion about it fails.
 */
public final class MooringProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private MooringProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Serves on a free port over the embedded PostgreSQL in {@code dataDir}. */
    public static MooringProcess serve(Path dataDir, String... arguments) {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of("--mooring.data-dir=" + dataDir, "--mooring.port=" + port));
        all.addAll(List.of(arguments));
        Path output = outputFile(dataDir);
        return new MooringProcess(launch(all, output), output, port);
    }

    /** Runs with exactly these arguments (e.g. {@code --rotate-master-key}); no port. */
    public static MooringProcess run(Path dataDir, String... arguments) {
        return run(dataDir, Map.of(), arguments);
    }

    /** Runs with these environment variables added (settings under their documented names) and arguments. */
    public static MooringProcess run(Path dataDir, Map<String, String> environment, String... arguments) {
        Path output = outputFile(dataDir);
        return new MooringProcess(launch(List.of(arguments), environment, output), output, -1);
    }

    private static Process launch(List<String> arguments, Path output) {
        return launch(arguments, Map.of(), output);
    }

    private static Process launch(List<String> arguments, Map<String, String> environment, Path output) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // two cores are shared by every build on this machine: start small and quick
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                MooringApplication.class.getName()));
        command.addAll(arguments);
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return builder
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Beside the data directory, one per process. */
    private static Path outputFile(Path dataDir) {
        try {
            Path parent = dataDir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return Files.createTempFile(parent, dataDir.getFileName() + "-mooring-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code /actuator/health} to answer 200 (everything up: database, processors, deadlines). */
    public MooringProcess awaitHealthy(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .failFast("Mooring exited early:\n" + tail(), () -> !process.isAlive())
                .until(() -> healthStatus() == 200);
        return this;
    }

    public int healthStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    public Process process() {
        return process;
    }

    /** The exit code, or null when it is still running after {@code atMost}. */
    public Integer awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** The last lines the process wrote, for assertion messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    /** A graceful stop (SIGTERM, as a service manager sends), then a kill if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
