package dev.mooring.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run does: which run (the load benchmark, or the proxy's overhead), how many accounts, how
 * long each timed phase and its warm-up last, at what concurrency, how large the proxy run's upload is.
 */
record Options(Mode mode, int accounts, Duration duration, Duration warmup, Duration pgbenchDuration, int concurrency,
               int scheduledRate, int imports, int uploadMegabytes, Path launcher, Path workDir, Path resultsDir) {

    enum Mode {
        /** Connects, refreshes, lists, a rebuild and a restart, each beside pgbench. */
        LOAD,
        /** Calls to a loopback platform directly and through the proxy, and an upload streamed through it. */
        PROXY
    }

    static final String USAGE = """
            usage: bench/run [--mode load|proxy] [--accounts N] [--duration 20s] [--warmup 15s] [--pgbench-duration 10s] [--concurrency 8] [--scheduled-rate 40] [--import 0] [--upload-mb 200]
              --mode              load: the load benchmark beside pgbench (default); proxy: the proxy's overhead
              --accounts          accounts seeded by sandbox connects over HTTP (default 2000; load only)
              --duration          length of each timed Mooring phase: forced refresh, list, filtered list; for proxy,
                                  the direct and the proxied calls each (default 20s)
              --warmup            the same work, untimed, right before each timed load phase, so the JIT has compiled
                                  what the phase runs (default 15s; 0s for none; load only)
              --pgbench-duration  length of each pgbench run, one before and one after each phase (default 10s; load only)
              --concurrency       HTTP connections and pgbench clients (default 8)
              --scheduled-rate    deadlines per second falling due in the scheduled-refresh phase: the seeded accounts'
                                  tokens are renewed at this pace, so their next deadlines come due at it (default 40;
                                  load only)
              --import            accounts seeded on top by POST /v1/accounts/import (batches of 100, 2 at a time), their
                                  tokens expiring over the day after next, so the later phases run at that scale
                                  (default 0; load only)
              --upload-mb         the upload streamed directly and through the proxy, in MB (default 200; proxy only)""";

    static Options parse(String[] args) {
        Mode mode = Mode.LOAD;
        int uploadMegabytes = 200;
        int accounts = 2000;
        Duration duration = Duration.ofSeconds(20);
        Duration warmup = Duration.ofSeconds(15);
        Duration pgbench = Duration.ofSeconds(10);
        int concurrency = 8;
        int scheduledRate = 40;
        int imports = 0;
        Path launcher = null;
        Path workDir = null;
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--mode" -> mode = mode(value);
                case "--upload-mb" -> uploadMegabytes = positive(name, value);
                case "--accounts" -> accounts = positive(name, value);
                case "--duration" -> duration = duration(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--pgbench-duration" -> pgbench = duration(name, value);
                case "--concurrency" -> concurrency = positive(name, value);
                case "--scheduled-rate" -> scheduledRate = positive(name, value);
                case "--import" -> imports = atLeastZero(name, value);
                case "--launcher" -> launcher = Path.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--results" -> results = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (launcher == null || workDir == null || results == null) {
            throw new IllegalArgumentException("--launcher, --work-dir and --results are set by bench/run\n" + USAGE);
        }
        return new Options(mode, accounts, duration, warmup, pgbench, concurrency, scheduledRate, imports, uploadMegabytes, launcher, workDir, results);
    }

    private static Mode mode(String value) {
        return switch (value) {
            case "load" -> Mode.LOAD;
            case "proxy" -> Mode.PROXY;
            default -> throw new IllegalArgumentException("--mode is load or proxy, not " + value);
        };
    }

    private static int atLeastZero(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(name + " takes a whole number, 0 or more, not " + value);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(name + " takes a positive whole number, not " + value);
    }

    /** {@code 90s}, {@code 2m} or a number of seconds. */
    private static Duration duration(String name, String value) {
        String v = value.trim().toLowerCase();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a duration like 20s or 2m, not " + value);
        }
    }
}
