package dev.mooring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the machine is and how busy it is, and what the processes hold in memory, from /proc. */
final class Machine {

    private Machine() {
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The CPU's model name. */
    static String cpu() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
    }

    static long memoryMegabytes() {
        return kilobytes(Path.of("/proc/meminfo"), "MemTotal:") / 1024;
    }

    /** The one-minute load average. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** A process's resident set in MB (VmRSS). */
    static long rssMegabytes(long pid) {
        return kilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") / 1024;
    }

    /**
     * PostgreSQL's memory in MB: the proportional set size (Pss) of the postmaster and its children,
     * so the shared buffers every backend maps are counted once, not once per backend. Zero when
     * PostgreSQL is not a process of this machine (an external database).
     */
    static long postgresMegabytes(long postmasterPid) {
        if (postmasterPid <= 0) {
            return 0;
        }
        return ProcessHandle.of(postmasterPid)
                .map(postmaster -> {
                    long kb = pss(postmaster.pid());
                    for (ProcessHandle child : postmaster.children().toList()) {
                        kb += pss(child.pid());
                    }
                    return kb / 1024;
                })
                .orElse(0L);
    }

    private static long pss(long pid) {
        long kb = kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
        return kb > 0 ? kb : kilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    private static long kilobytes(Path file, String field) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended meanwhile, or /proc is not there
        }
        return 0;
    }
}
