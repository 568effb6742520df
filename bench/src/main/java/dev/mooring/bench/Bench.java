package dev.mooring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One benchmark run (bench/run): starts Mooring on a fresh data directory, seeds accounts by sandbox
 * connects over HTTP, times forced refreshes, list pages, a read-model rebuild and a restart, and
 * runs pgbench on the same PostgreSQL with the same SQL work right before and right after each timed
 * phase, so each ratio compares two figures taken in the same window on the same busy machine.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCRIPTS = List.of("setup.sql", "teardown.sql", "event-insert.sql",
            "refresh-transaction.sql", "page.sql", "filtered-page.sql");
    /** Long enough for the start's own work (processors catching up, first deadlines) to settle. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration REBUILD_LIMIT = Duration.ofMinutes(30);
    private static final int SINGLE_CONNECTS = 50;
    /** The scheduled-refresh phase's deadlines come due over at most this many seconds (the lateness percentiles cover two minutes). */
    private static final int SCHEDULED_WINDOW_SECONDS = 45;
    /** Between the last renewal and the first deadline. */
    private static final Duration SCHEDULED_GAP = Duration.ofSeconds(20);
    /** A short-lived token's deadline: its margin is capped at a quarter of its life (RefreshPolicy). */
    private static final double DEADLINE_SHARE_OF_LIFE = 0.75;
    /** How long past the last deadline the phase waits for the lifecycle to fire them all. */
    private static final Duration SCHEDULED_LIMIT = Duration.ofSeconds(60);
    /** The import route's default most accounts a request ({@code MOORING_IMPORT_MAX_BATCH}). */
    private static final int IMPORT_BATCH = 100;
    private static final int IMPORT_CONCURRENCY = 2;
    /** Imported tokens expire from this far ahead, spread over a day: the lifecycle's steady state, none due in the run. */
    private static final Duration IMPORTED_EXPIRE_AFTER = Duration.ofHours(26);
    private static final Duration IMPORTED_EXPIRY_SPREAD = Duration.ofDays(1);

    private final Options options;
    private final ResultTable table = new ResultTable(ResultTable.PGBENCH_HEADER);
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private double lowestLoad = Double.MAX_VALUE;
    private double highestLoad = 0;
    /** Accounts in the data directory: the timed connects', the warm-up's, the lone ones' and the imported. */
    private int seeded;
    private List<String> seededIds = List.of();

    private Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.mode() == Options.Mode.PROXY) {
            new ProxyOverhead(options).run();
        } else {
            new Bench(options).run();
        }
    }

    private void run() throws Exception {
        Path dataDir = options.workDir().resolve("data");
        Path log = options.workDir().resolve("mooring.log");
        Path scripts = extractScripts(options.workDir().resolve("pgbench"));
        int port = freePort();
        SecureRandom random = new SecureRandom();
        byte[] token = new byte[24];
        random.nextBytes(token);
        String adminToken = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        String runId = Integer.toHexString(random.nextInt()); // in the usernames of this run's accounts
        say("Mooring log: " + log);

        String startLoad = load();
        long started = System.nanoTime();
        MooringServer server = MooringServer.start(options.launcher(), dataDir, port, adminToken, log,
                Map.of("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILES_MOORING_ACCOUNTS_LAG", "0.5,0.99"));
        Postgres postgres;
        String postgresVersion;
        try { // Mooring stops with the driver, whatever fails
            Duration emptyStart = server.awaitHealthy(probe, started);
            say("started in " + ResultTable.seconds(emptyStart.toMillis() / 1e3));
            table.add("start to first 200 on `/actuator/health`, empty data directory", ResultTable.seconds(emptyStart.toMillis() / 1e3), "", "", startLoad);
            postgres = Postgres.of(dataDir);
            postgresVersion = postgres.psql("show server_version");
            String apiKey = Files.readString(dataDir.resolve("dev-api-key"), StandardCharsets.US_ASCII).trim();
            MooringClient mooring = new MooringClient(server.base(), apiKey, adminToken, options.concurrency());

            Thread.sleep(SETTLE.toMillis());
            long idleJvm = Machine.rssMegabytes(server.pid());
            long idlePostgres = Machine.postgresMegabytes(postgres.postmasterPid());
            String[] ids = new String[options.accounts()];
            int concurrency = options.concurrency();
            Duration pgbenchFor = options.pgbenchDuration();

            try (MemoryPeaks peaks = new MemoryPeaks(server.pid(), postgres.postmasterPid())) {
                // connect: the whole HTTP flow per account, beside one event-row insert
                List<String> warmedUp = Collections.synchronizedList(new ArrayList<>());
                warmUp("connects", n -> warmedUp.add(mooring.connect("bench-" + runId + "-warm-" + n)));
                postgres.psqlFile(scripts.resolve("setup.sql"));
                String load = load();
                double before = postgres.pgbench(scripts.resolve("event-insert.sql"), concurrency, pgbenchFor, Map.of());
                say("connecting " + options.accounts() + " accounts");
                Load.Result connects = Load.count(concurrency, options.accounts(), n -> ids[n] = mooring.connect("bench-" + runId + "-" + n));
                double after = postgres.pgbench(scripts.resolve("event-insert.sql"), concurrency, pgbenchFor, Map.of());
                table.compared("sandbox connect, whole HTTP flow (start, consent page, allow, complete), " + concurrency + " concurrent",
                        connects, "accounts", "one event-row insert", before, after, load + " → " + load());
                String connectLag = accountsLag(mooring);
                // one at a time: a connect's own latency, with nothing queued beside it
                List<String> alone = Collections.synchronizedList(new ArrayList<>());
                load = load();
                Load.Result single = Load.count(1, SINGLE_CONNECTS, n -> alone.add(mooring.connect("bench-" + runId + "-alone-" + n)));
                table.add("sandbox connect, whole HTTP flow, one at a time", ResultTable.rate(single, "accounts"), "", "", load);
                List<String> connected = Stream.of(Arrays.stream(ids).filter(Objects::nonNull), warmedUp.stream(), alone.stream())
                        .flatMap(each -> each).toList();
                seeded = connected.size();
                seededIds = connected;
                if (connected.size() == warmedUp.size() + alone.size()) {
                    throw new IllegalStateException("no account connected: " + connects.errorSamples());
                }
                String workspace = postgres.psql("select workspace_id from accounts limit 1");
                Map<String, String> page = Map.of("workspace", workspace);

                // forced refresh, beside a refresh's writes in one transaction
                Load.Operation refresh = n -> mooring.refresh(connected.get(ThreadLocalRandom.current().nextInt(connected.size())));
                warmUp("forced refreshes", refresh);
                postgres.psqlFile(scripts.resolve("setup.sql")); // again: now with the seeded accounts
                load = load();
                Map<String, String> accounts = Map.of("accounts", Integer.toString(connected.size()));
                before = postgres.pgbench(scripts.resolve("refresh-transaction.sql"), concurrency, pgbenchFor, accounts);
                say("forced refreshes for " + options.duration().toSeconds() + " s");
                Load.Result refreshes = Load.lasting(concurrency, options.duration(), refresh);
                after = postgres.pgbench(scripts.resolve("refresh-transaction.sql"), concurrency, pgbenchFor, accounts);
                table.compared("forced refresh `POST /v1/accounts/{id}/refresh`, " + concurrency + " concurrent",
                        refreshes, "refreshes", "a refresh's writes in one transaction", before, after, load + " → " + load());
                table.add("event → read model lag (`mooring.accounts.lag`: from the event's timestamp to the commit that wrote its row), "
                        + "over the last two minutes of each phase", "connects: " + connectLag + "; forced refreshes: " + accountsLag(mooring), "", "", "");
                postgres.psqlFile(scripts.resolve("teardown.sql"));

                seeded += importAccounts(mooring, runId);

                // list pages, beside the same page select
                listPhase(mooring, postgres, scripts.resolve("page.sql"), page, "limit=50",
                        "`GET /v1/accounts?limit=50`, " + seeded + " accounts, " + concurrency + " concurrent", "a 50-row page select");
                listPhase(mooring, postgres, scripts.resolve("filtered-page.sql"), page, "limit=50&platform=sandbox&status=revoked",
                        "`GET /v1/accounts?platform=sandbox&status=revoked&limit=50` (matches none), " + concurrency + " concurrent",
                        "the same filtered page select");

                table.add("JVM RSS, idle empty / peak under load", idleJvm + " MB / " + peaks.jvmMegabytes() + " MB", "", "", "");
                table.add("PostgreSQL memory (PSS of all its processes), idle empty / peak under load",
                        idlePostgres + " MB / " + peaks.postgresMegabytes() + " MB", "", "", "");
            }
            sizes(postgres);
            String workspace = postgres.psql("select workspace_id from accounts limit 1");
            plan(postgres, scripts.resolve("page.sql"), workspace, "`GET /v1/accounts?limit=50`");
            plan(postgres, scripts.resolve("filtered-page.sql"), workspace, "`?platform=sandbox&status=revoked&limit=50`");

            rebuild(mooring, postgres);
        } finally {
            server.close();
        }

        // restart with the accounts in place
        String load = load();
        started = System.nanoTime();
        server = MooringServer.start(options.launcher(), dataDir, port, adminToken, log);
        try {
            Duration restart = server.awaitHealthy(probe, started);
            table.add("start to first 200, " + seeded + " accounts (restart)", ResultTable.seconds(restart.toMillis() / 1e3), "", "", load);
            Thread.sleep(SETTLE.toMillis());
            Postgres restarted = Postgres.of(dataDir);
            table.add("JVM RSS / PostgreSQL PSS, idle after the restart with " + seeded + " accounts",
                    Machine.rssMegabytes(server.pid()) + " MB / " + Machine.postgresMegabytes(restarted.postmasterPid()) + " MB", "", "", load());
        } finally {
            server.close();
        }

        scheduledRefreshes(dataDir, port, adminToken, log);

        String machine = machineLine(postgresVersion, postgres);
        String report = report(machine);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(options.resultsDir());
        Path file = resultFile();
        Files.writeString(file, report);
        say("written to " + file);
    }

    private void listPhase(MooringClient mooring, Postgres postgres, Path script, Map<String, String> variables, String query,
                           String path, String sqlWork) throws Exception {
        warmUp(query, n -> mooring.list(query));
        String load = load();
        double before = postgres.pgbench(script, options.concurrency(), options.pgbenchDuration(), variables);
        say(query + " for " + options.duration().toSeconds() + " s");
        Load.Result pages = Load.lasting(options.concurrency(), options.duration(), n -> mooring.list(query));
        double after = postgres.pgbench(script, options.concurrency(), options.pgbenchDuration(), variables);
        table.compared(path, pages, "pages", sqlWork, before, after, load + " → " + load());
    }

    /**
     * The phase's own work for {@code --warmup}, untimed: the first seconds of a kind of request are
     * mostly the JIT compiling what it runs (a fifth to a third of the JVM's CPU in a profile of a run
     * without), which a service that runs for days pays once.
     */
    private void warmUp(String what, Load.Operation operation) throws InterruptedException {
        if (options.warmup().isZero()) {
            return;
        }
        say("warming up: " + what + " for " + options.warmup().toSeconds() + " s, not timed");
        Load.Result warm = Load.lasting(options.concurrency(), options.warmup(), operation);
        if (warm.operations() == 0) {
            throw new IllegalStateException("nothing succeeded while warming up " + what + ": " + warm.errorSamples());
        }
    }

    /**
     * The lifecycle's own refreshes, on a fresh start whose sandbox tokens live a short while: the
     * seeded accounts' tokens are renewed (forced refresh) at {@code --scheduled-rate} a second, so each
     * account's next deadline, at three quarters of its token's life (the margin's cap), comes due at that
     * pace once every renewal is in. The lifecycle then refreshes them on its own; Mooring's
     * {@code mooring.deadline.lateness} timer says how late each deadline fired.
     */
    private void scheduledRefreshes(Path dataDir, int port, String adminToken, Path log) throws Exception {
        int rate = options.scheduledRate();
        int count = Math.min(seededIds.size(), rate * SCHEDULED_WINDOW_SECONDS);
        double window = (double) count / rate;
        Duration lifetime = Duration.ofSeconds((long) Math.ceil((window + SCHEDULED_GAP.toSeconds()) / DEADLINE_SHARE_OF_LIFE));
        String load = load();
        MooringServer server = MooringServer.start(options.launcher(), dataDir, port, adminToken, log, Map.of(
                "MOORING_SANDBOX_ACCESS_TOKEN_LIFETIME", lifetime.toSeconds() + "s",
                "MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILES_MOORING_DEADLINE_LATENESS", "0.5,0.99"));
        try {
            server.awaitHealthy(probe, System.nanoTime());
            Thread.sleep(SETTLE.toMillis());
            String apiKey = Files.readString(dataDir.resolve("dev-api-key"), StandardCharsets.US_ASCII).trim();
            MooringClient mooring = new MooringClient(server.base(), apiKey, adminToken, options.concurrency());
            say("renewing " + count + " tokens at " + rate + "/s (" + lifetime.toSeconds() + " s lifetime), then waiting for their deadlines");
            long renewing = System.nanoTime();
            Load.Result renewed = Load.paced(options.concurrency(), count, rate, n -> mooring.refresh(seededIds.get(n)));
            if (renewed.errors() > 0) {
                throw new IllegalStateException(renewed.errors() + " renewals failed: " + renewed.errorSamples());
            }
            long firstDue = renewing + (long) (lifetime.toNanos() * DEADLINE_SHARE_OF_LIFE);
            long giveUp = firstDue + (long) (window * 1e9) + SCHEDULED_LIMIT.toNanos();
            LockSupport.parkNanos(firstDue - System.nanoTime());
            String dueLoad = load();
            double backlogPeak = 0;
            double fired = 0;
            long lastFired = firstDue;
            while (fired < count && System.nanoTime() < giveUp) {
                backlogPeak = Math.max(backlogPeak, mooring.metric("mooring.lifecycle.backlog", "VALUE"));
                double now = lateness(mooring, "COUNT");
                if (now > fired) {
                    fired = now;
                    lastFired = System.nanoTime();
                }
                Thread.sleep(250);
            }
            if (fired == 0) { // the percentiles exist only once a deadline has fired: say so rather than lose the table
                table.add("scheduled refreshes (the lifecycle's own deadlines), " + count + " accounts coming due at " + rate + "/s",
                        "**none fired** within " + SCHEDULED_LIMIT.toSeconds() + " s of the last deadline", "", "", load + " → " + dueLoad + " → " + load());
                return;
            }
            double p50 = mooring.metric("mooring.deadline.lateness.percentile", "VALUE", "platform:sandbox", "phi:0.5");
            double p99 = mooring.metric("mooring.deadline.lateness.percentile", "VALUE", "platform:sandbox", "phi:0.99");
            double max = lateness(mooring, "MAX");
            double firedOver = Math.max(window, (lastFired - firstDue) / 1e9);
            table.add("scheduled refreshes (the lifecycle's own deadlines), " + count + " accounts coming due at " + rate + "/s",
                    String.format(Locale.ROOT, "%.0f of %d fired, %s refreshes/s; lateness p50 %s, p99 %s, max %s; refresh queue peak %.0f",
                            fired, count, ResultTable.number(fired / firedOver), ResultTable.millis(p50 * 1e3), ResultTable.millis(p99 * 1e3),
                            ResultTable.millis(max * 1e3), backlogPeak),
                    "", "", load + " → " + dueLoad + " → " + load());
        } finally {
            server.close();
        }
    }

    /**
     * {@code --import} more accounts through {@code POST /v1/accounts/import}, as a workspace moving
     * from another tool would; their tokens expire over the day after next, so none comes due during
     * the run, and their deadlines wait in the scheduler's table beside the timed phases'.
     */
    private int importAccounts(MooringClient mooring, String runId) throws Exception {
        int total = options.imports();
        if (total == 0) {
            return 0;
        }
        Instant firstExpiry = Instant.now().plus(IMPORTED_EXPIRE_AFTER);
        long spreadMillis = IMPORTED_EXPIRY_SPREAD.toMillis();
        String load = load();
        say("importing " + total + " accounts, " + IMPORT_BATCH + " a request, " + IMPORT_CONCURRENCY + " requests at a time");
        Load.Result batches = Load.count(IMPORT_CONCURRENCY, (total + IMPORT_BATCH - 1) / IMPORT_BATCH, n -> {
            int first = n * IMPORT_BATCH;
            List<String> usernames = new ArrayList<>();
            List<Instant> expiries = new ArrayList<>();
            for (int i = first; i < Math.min(total, first + IMPORT_BATCH); i++) {
                usernames.add("bench-" + runId + "-import-" + i);
                expiries.add(firstExpiry.plusMillis(spreadMillis * i / total));
            }
            mooring.importSandboxBatch(usernames, expiries);
        });
        if (batches.errors() > 0) {
            throw new IllegalStateException(batches.errors() + " import requests failed: " + batches.errorSamples());
        }
        double seconds = batches.elapsed().toNanos() / 1e9;
        table.add("import `POST /v1/accounts/import`, " + IMPORT_BATCH + " accounts a request, " + IMPORT_CONCURRENCY + " requests at a time",
                ResultTable.number(total / seconds) + " accounts/s (" + total + " in " + ResultTable.seconds(seconds) + "; a request p50 "
                        + ResultTable.millis(batches.p50Millis()) + ", p99 " + ResultTable.millis(batches.p99Millis()) + ")",
                "", "", load + " → " + load());
        return total;
    }

    /** Mooring's tables on disk: in all and per account (and so per million), and the largest, each with its indexes. */
    private void sizes(Postgres postgres) throws Exception {
        // Mooring's own tables, not the database: an empty database's catalogs would swell a small run's figure per account
        long total = Long.parseLong(postgres.psql("""
                select sum(pg_total_relation_size(oid)) from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace"""));
        String largest = postgres.psql("""
                select string_agg(relname || ' ' || round(bytes / 1048576.0, 1) || ' MB', ', ' order by bytes desc)
                  from (select relname, pg_total_relation_size(oid) as bytes from pg_class
                         where relkind = 'r' and relnamespace = 'public'::regnamespace
                         order by bytes desc limit 8) largest""");
        double perAccount = (double) total / seeded;
        table.add("Mooring's tables on disk, " + seeded + " accounts (with their indexes and TOAST)",
                String.format(Locale.ROOT, "%.0f MB, %.1f KB an account (%.1f GB a million); largest: %s",
                        total / 1048576.0, perAccount / 1024, perAccount * 1e6 / 1e9, largest),
                "", "", "");
    }

    /**
     * How PostgreSQL runs a page's statement at this scale ({@code EXPLAIN ANALYZE}): what each table
     * was scanned with and how many rows it read, whether anything was sorted, and the time it took.
     */
    private void plan(Postgres postgres, Path script, String workspace, String path) throws Exception {
        String statement = Files.readAllLines(script).stream().filter(line -> !line.startsWith("--"))
                .collect(Collectors.joining("\n"))
                .replace(":workspace", "'" + workspace + "'").replaceAll(";\\s*$", "");
        JsonNode explained = JSON.readTree(postgres.psql("explain (analyze, buffers, format json) " + statement)).get(0);
        JsonNode top = explained.path("Plan");
        List<String> scans = new ArrayList<>();
        boolean[] sorted = {false};
        walk(top, node -> {
            String type = node.path("Node Type").asText();
            if (type.equals("Sort")) {
                sorted[0] = true;
            }
            if (type.endsWith("Scan") && node.path("Relation Name").asText().startsWith("accounts_")) {
                scans.add(String.format(Locale.ROOT, "%s %s on %s: %d rows", node.path("Relation Name").asText(), type,
                        node.path("Index Name").asText("-"), node.path("Actual Rows").asLong() * node.path("Actual Loops").asLong()));
            }
        });
        table.add("plan of " + path + "'s statement, " + seeded + " accounts (`EXPLAIN ANALYZE`)",
                String.join("; ", scans) + (sorted[0] ? "; a sort" : "; no sort") + String.format(Locale.ROOT,
                        "; %d buffers; %.2f ms", top.path("Shared Hit Blocks").asLong() + top.path("Shared Read Blocks").asLong(),
                        explained.path("Execution Time").asDouble()),
                "", "", "");
    }

    private static void walk(JsonNode node, Consumer<JsonNode> visit) {
        visit.accept(node);
        for (JsonNode child : node.path("Plans")) {
            walk(child, visit);
        }
    }

    /** {@code mooring.accounts.lag}'s p50, p99 and max, which Micrometer keeps over a two-minute window. */
    private static String accountsLag(MooringClient mooring) throws IOException, InterruptedException {
        return "p50 " + ResultTable.millis(mooring.metric("mooring.accounts.lag.percentile", "VALUE", "phi:0.5") * 1e3)
                + ", p99 " + ResultTable.millis(mooring.metric("mooring.accounts.lag.percentile", "VALUE", "phi:0.99") * 1e3)
                + ", max " + ResultTable.millis(mooring.metric("mooring.accounts.lag", "MAX") * 1e3);
    }

    private static double lateness(MooringClient mooring, String statistic) throws IOException, InterruptedException {
        return mooring.metricOr(0, "mooring.deadline.lateness", statistic, "platform:sandbox");
    }

    /** Rebuilds the accounts read model from every stored event; events replayed per second. */
    private void rebuild(MooringClient mooring, Postgres postgres) throws Exception {
        long events = Long.parseLong(postgres.psql("select count(*) from domain_event_entry"));
        String load = load();
        say("rebuilding the read model from " + events + " events");
        long started = System.nanoTime();
        mooring.startRebuild();
        JsonNode state = mooring.rebuild();
        while (!List.of("finished", "failed").contains(state.path("state").asText())) {
            if (System.nanoTime() - started > REBUILD_LIMIT.toNanos()) {
                throw new IllegalStateException("the rebuild did not finish within " + REBUILD_LIMIT + ": " + state);
            }
            Thread.sleep(100);
            state = mooring.rebuild();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String figure = "finished".equals(state.path("state").asText())
                ? ResultTable.number(events / seconds) + " events/s (" + events + " events in " + ResultTable.seconds(seconds) + ", polled every 0.1 s)"
                : "**failed**: " + state.path("error").asText();
        table.add("read-model rebuild `POST /admin/v1/rebuilds/accounts`", figure, "", "", load + " → " + load());
    }

    private String report(String machine) {
        return "# Mooring benchmark, " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + "\n\n"
                + "Machine: " + machine + "\n\n"
                + "Run: `bench/run --accounts " + options.accounts() + " --duration " + options.duration().toSeconds()
                + "s --warmup " + options.warmup().toSeconds() + "s --pgbench-duration " + options.pgbenchDuration().toSeconds()
                + "s --concurrency " + options.concurrency()
                + (options.imports() > 0 ? " --import " + options.imports() : "") + "`. "
                + (options.warmup().isZero() ? "No warm-up: each phase's figures include the JIT compiling what it runs. "
                        : "Each timed phase follows " + options.warmup().toSeconds() + " s of the same work, untimed. ")
                + "The accounts connected while warming up and the " + SINGLE_CONNECTS + " connected one at a time stay beside "
                + "the timed ones for the later phases. "
                + "pgbench (`-M prepared`, " + options.concurrency() + " clients) runs the same SQL work on the same PostgreSQL "
                + "right before and right after each timed phase; the ratio is Mooring's rate against the mean of the two. "
                + "The forced refreshes and the pages are sent with Apache HttpClient (one kept-alive connection per client), "
                + "the connects with the JDK's HttpClient, which takes more of the shared CPU per request.\n\n"
                + table.markdown();
    }

    private String machineLine(String postgresVersion, Postgres postgres) throws IOException {
        String cpu = Machine.cpu();
        String where = postgres.postmasterPid() > 0 ? "embedded" : "at " + postgres.describe();
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GB RAM, load %.2f–%.2f during the run (shared with other work), "
                        + "Java %s (%s), PostgreSQL %s (%s), %s", Machine.cores(), cpu, Machine.memoryMegabytes() / 1024.0,
                lowestLoad, highestLoad, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                postgresVersion, where, hostName());
    }

    private Path resultFile() {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE);
        Path file = options.resultsDir().resolve(date + "-" + hostName() + ".md");
        if (Files.exists(file)) { // a second run the same day keeps the first
            file = options.resultsDir().resolve(date + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HHmm"))
                    + "-" + hostName() + ".md");
        }
        return file;
    }

    private String load() {
        double load = Machine.load();
        lowestLoad = Math.min(lowestLoad, load);
        highestLoad = Math.max(highestLoad, load);
        return String.format(Locale.ROOT, "%.2f", load);
    }

    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static Path extractScripts(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (String name : SCRIPTS) {
            try (InputStream in = Bench.class.getResourceAsStream("/pgbench/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("pgbench script missing from the jar: " + name);
                }
                Files.write(directory.resolve(name), in.readAllBytes());
            }
        }
        return directory;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void say(String line) {
        System.err.println("bench: " + line);
    }
}
