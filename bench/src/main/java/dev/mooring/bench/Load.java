package dev.mooring.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one operation from a number of threads, each one request at a time (closed loop, like
 * pgbench's clients), and records every successful operation's latency. A failed operation counts
 * as an error, is kept out of the latencies and is reported by its message.
 */
final class Load {

    /** One operation; {@code n} numbers it across all threads, from 0. */
    interface Operation {
        void run(int n) throws Exception;
    }

    record Result(long operations, long errors, Duration elapsed, Histogram latencies, List<String> errorSamples) {

        double perSecond() {
            return operations / (elapsed.toNanos() / 1e9);
        }

        double p50Millis() {
            return latencies.getValueAtPercentile(50) / 1e3;
        }

        double p99Millis() {
            return latencies.getValueAtPercentile(99) / 1e3;
        }
    }

    private Load() {
    }

    /** Runs {@code count} operations in all. */
    static Result count(int threads, int count, Operation operation) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        return run(threads, () -> {
            int n = next.getAndIncrement();
            return n < count ? n : -1;
        }, operation);
    }

    /** Runs operations until {@code duration} has passed. */
    static Result lasting(int threads, Duration duration, Operation operation) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        return run(threads, () -> System.nanoTime() < end ? next.getAndIncrement() : -1, operation);
    }

    /**
     * Runs {@code count} operations, the {@code n}th not before {@code n / perSecond} seconds from the
     * start (an open loop at a steady pace, as far as {@code threads} keep up).
     */
    static Result paced(int threads, int count, int perSecond, Operation operation) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        return run(threads, () -> {
            int n = next.getAndIncrement();
            if (n >= count) {
                return -1;
            }
            long wait = start + n * 1_000_000_000L / perSecond - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            return n;
        }, operation);
    }

    private interface Ticket {
        int take();
    }

    private static Result run(int threads, Ticket tickets, Operation operation) throws InterruptedException {
        Histogram all = new Histogram(3_600_000_000L, 3); // microseconds, up to an hour
        AtomicLong errors = new AtomicLong();
        ConcurrentMap<String, Boolean> samples = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                Histogram mine = new Histogram(3_600_000_000L, 3);
                for (int n = tickets.take(); n >= 0; n = tickets.take()) {
                    long began = System.nanoTime();
                    try {
                        operation.run(n);
                        mine.recordValue(Math.max(1, (System.nanoTime() - began) / 1_000));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        if (samples.size() < 5) {
                            samples.putIfAbsent(String.valueOf(e.getMessage()), true);
                        }
                    }
                }
                synchronized (all) {
                    all.add(mine);
                }
            }, "load-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(all.getTotalCount(), errors.get(), elapsed, all, List.copyOf(samples.keySet()));
    }
}
