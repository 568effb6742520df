package dev.mooring.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Mooring as an operator runs it: {@code bin/mooring}, the README's start, on its embedded PostgreSQL
 * in the run's own data directory (or on {@code MOORING_DATABASE_URL} when that is set), with the
 * sandbox platform.
 */
final class MooringServer implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final URI base;

    private MooringServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts Mooring; {@link #awaitHealthy} then says how long it took to answer. */
    static MooringServer start(Path launcher, Path dataDir, int port, String adminToken, Path log) throws IOException {
        return start(launcher, dataDir, port, adminToken, log, Map.of());
    }

    /** Starts Mooring with {@code settings} ({@code MOORING_*}) on top of the benchmark's own. */
    static MooringServer start(Path launcher, Path dataDir, int port, String adminToken, Path log, Map<String, String> settings) throws IOException {
        // the launcher execs java, so the process is the JVM itself (its memory is measured by pid)
        ProcessBuilder builder = new ProcessBuilder(launcher.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("MOORING_DATA_DIR", dataDir.toString());
        env.put("MOORING_PORT", Integer.toString(port));
        env.put("MOORING_PUBLIC_URL", "http://localhost:" + port);
        env.put("MOORING_ADMIN_TOKEN", adminToken);
        // the benchmark is one client calling far faster than the limits let a real one
        env.put("MOORING_LIMITS_PER_KEY", "100000000/1m");
        env.put("MOORING_LIMITS_CONNECT_STARTS", "100000000/1m");
        env.put("MOORING_LIMITS_ACCOUNT_CHECKS", "100000000/1m");
        env.put("MOORING_LIMITS_UPSTREAM_CALLS", "64");
        env.put("MOORING_LIMITS_PENDING_CONNECTS", "1000");
        // tokens living like X's (2 h), so the lifecycle's own refreshes stay out of the timed phases
        env.put("MOORING_SANDBOX_ACCESS_TOKEN_LIFETIME", "2h");
        env.putAll(settings);
        return new MooringServer(builder.start(), URI.create("http://localhost:" + port));
    }

    /** Waits for the first {@code 200} of {@code /actuator/health}; the time since {@code started}. */
    Duration awaitHealthy(HttpClient http, long startedNanos) throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() - startedNanos < START_LIMIT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mooring exited with " + process.exitValue() + " while starting; see its log");
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Mooring did not answer /actuator/health within " + START_LIMIT);
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** Stops it as an operator would (SIGTERM), and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
