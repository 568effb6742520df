package dev.mooring.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mooring's heap in use as Mooring reports it ({@code jvm.memory.used} with {@code area:heap} at
 * {@code /actuator/metrics}), sampled every 100 ms while something runs: the lowest, the highest
 * and how many samples. Each sample is one small HTTP call to the Mooring being measured.
 */
final class HeapSamples implements AutoCloseable {

    private final AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong highest = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-samples");
        thread.setDaemon(true);
        return thread;
    });

    HeapSamples(MooringClient mooring) {
        sampler.scheduleAtFixedRate(() -> {
            try {
                long used = usedMegabytes(mooring);
                lowest.accumulateAndGet(used, Math::min);
                highest.accumulateAndGet(used, Math::max);
                samples.incrementAndGet();
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    static long usedMegabytes(MooringClient mooring) throws Exception {
        return Math.round(mooring.metric("jvm.memory.used", "VALUE", "area:heap") / (1024 * 1024));
    }

    long lowestMegabytes() {
        return lowest.get();
    }

    long highestMegabytes() {
        return highest.get();
    }

    long samples() {
        return samples.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
