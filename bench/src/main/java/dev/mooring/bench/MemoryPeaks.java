package dev.mooring.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The largest memory of the JVM and of PostgreSQL seen while the load runs, sampled twice a second. */
final class MemoryPeaks implements AutoCloseable {

    private final AtomicLong jvm = new AtomicLong();
    private final AtomicLong postgres = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "memory-peaks");
        thread.setDaemon(true);
        return thread;
    });

    MemoryPeaks(long jvmPid, long postmasterPid) {
        sampler.scheduleAtFixedRate(() -> {
            jvm.accumulateAndGet(Machine.rssMegabytes(jvmPid), Math::max);
            postgres.accumulateAndGet(Machine.postgresMegabytes(postmasterPid), Math::max);
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    long jvmMegabytes() {
        return jvm.get();
    }

    long postgresMegabytes() {
        return postgres.get();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
