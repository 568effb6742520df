package dev.mooring.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL a Mooring left running when it died without stopping it ({@code kill -9},
 * an out-of-memory kill): PostgreSQL runs as its own process, so it outlives the JVM, keeps the data
 * directory's {@code postmaster.pid}, and a new one refuses to start there. Found by the pid that
 * file records and the data directory it names, and stopped (a fast shutdown; committed work is
 * safe in the WAL) so the next start goes ahead with no manual step.
 *
 * <p>A directory whose lock a live Mooring still holds is in use, not orphaned: that is refused.
 */
final class OrphanedPostmaster {

    /** zonky's lock file: held by the JVM that runs the embedded PostgreSQL, released when it dies. */
    static final String LOCK_FILE = "epg-lock";
    static final String PID_FILE = "postmaster.pid";

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private OrphanedPostmaster() {
    }

    /**
     * @throws DataDirectoryInUse when another live Mooring runs PostgreSQL on this directory
     */
    static void stopIfAny(Path directory) {
        refuseIfLocked(directory);
        Optional<ProcessHandle> orphan = postmasterOf(directory);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn("PostgreSQL (pid {}) is still running on {}, left behind by a Mooring that stopped without"
                + " shutting it down; stopping it before starting anew", postmaster.pid(), directory);
        stop(postmaster);
    }

    private static void refuseIfLocked(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new DataDirectoryInUse(directory.getParent());
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new DataDirectoryInUse(directory.getParent()); // held by this very JVM: a second instance
        } catch (NoSuchFileException e) {
            // removed meanwhile by the Mooring that held it: nothing to stop
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check whether " + lockFile + " is in use", e);
        }
    }

    /** The live postmaster {@code postmaster.pid} names, if that process is a postgres on this very directory. */
    static Optional<ProcessHandle> postmasterOf(Path directory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve(PID_FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(PID_FILE), e);
        }
        // line 1: the postmaster's pid; line 2: its data directory (PostgreSQL's pidfile.h)
        if (lines.size() < 2 || !sameDirectory(Path.of(lines.get(1).trim()), directory)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // a pid reused by an unrelated process is PostgreSQL's own stale-file case: leave it to PostgreSQL
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
    }

    private static void stop(ProcessHandle postmaster) {
        List<ProcessHandle> children = postmaster.children().toList();
        postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown; the dead JVM's sessions are gone already
        try {
            postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            log.warn("PostgreSQL (pid {}) did not stop within {}; killing it (it recovers from its WAL on start)",
                    postmaster.pid(), STOP_WAIT);
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        }
        // the server processes leave once they notice their postmaster is gone; a new one must not meet them
        children.forEach(child -> child.onExit().completeOnTimeout(child, STOP_WAIT.toSeconds(), TimeUnit.SECONDS).join());
    }

    private static boolean sameDirectory(Path recorded, Path directory) {
        try {
            return Files.isSameFile(recorded, directory);
        } catch (IOException e) {
            return false;
        }
    }

    /** Another live Mooring runs its embedded PostgreSQL on the same data directory. */
    static final class DataDirectoryInUse extends IllegalStateException {
        DataDirectoryInUse(Path dataDir) {
            super("The data directory " + dataDir.toAbsolutePath() + " is in use by another running Mooring."
                    + " Stop that one first, or give this one its own MOORING_DATA_DIR.");
        }
    }
}
