package dev.mooring.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL Mooring runs on, reached by {@code psql} and {@code pgbench}: the embedded one's
 * port from its {@code postmaster.pid} and its password from the data directory, or the one
 * {@code MOORING_DATABASE_URL} names with {@code MOORING_DATABASE_USER} and {@code _PASSWORD}.
 */
record Postgres(String host, int port, String database, String user, String password, long postmasterPid) {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?/([^?]+).*");

    /** Where Mooring's database is, once Mooring has started it. */
    static Postgres of(Path dataDir) throws IOException {
        String url = System.getenv("MOORING_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            Matcher m = JDBC.matcher(url.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("MOORING_DATABASE_URL is not a jdbc:postgresql://host[:port]/database URL");
            }
            return new Postgres(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), m.group(3),
                    System.getenv().getOrDefault("MOORING_DATABASE_USER", "postgres"),
                    System.getenv().getOrDefault("MOORING_DATABASE_PASSWORD", ""), -1);
        }
        // postmaster.pid: pid, data directory, start time, port, ...
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        String password = Files.readString(dataDir.resolve("postgres-password"), StandardCharsets.US_ASCII).trim();
        return new Postgres("127.0.0.1", Integer.parseInt(pidFile.get(3).trim()), "postgres", "postgres", password,
                Long.parseLong(pidFile.get(0).trim()));
    }

    /** Runs SQL through psql and answers its unaligned output. */
    String psql(String sql) throws IOException, InterruptedException {
        return run(List.of("psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Integer.toString(port),
                "-U", user, "-d", database, "-c", sql), Duration.ofMinutes(5)).trim();
    }

    /** Runs a file of SQL through psql. */
    void psqlFile(Path file) throws IOException, InterruptedException {
        run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", Integer.toString(port),
                "-U", user, "-d", database, "-f", file.toString()), Duration.ofMinutes(5));
    }

    /** Runs a pgbench script with {@code clients} clients for {@code duration}; its transactions per second. */
    double pgbench(Path script, int clients, Duration duration, Map<String, String> variables) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", Long.toString(Math.max(1, duration.toSeconds())), "-f", script.toString()));
        variables.forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
        command.addAll(List.of("-h", host, "-p", Integer.toString(port), "-U", user, database));
        String out = run(command, duration.plusMinutes(2));
        Matcher tps = TPS.matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + out);
        }
        return Double.parseDouble(tps.group(1));
    }

    String describe() {
        return URI.create("postgresql://" + host + ":" + port + "/" + database).toString();
    }

    private String run(List<String> command, Duration limit) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password); // never on the command line, where ps shows it
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(limit.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " ran longer than " + limit);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed (" + process.exitValue() + "):\n" + out);
        }
        return out;
    }
}
