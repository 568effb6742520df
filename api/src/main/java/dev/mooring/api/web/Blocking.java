package dev.mooring.api.web;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Axon's in-process buses run handlers on the caller's thread and JDBC blocks, so nothing of it may
 * run on a Netty event loop: it goes to the bounded elastic pool, with a timeout.
 */
public final class Blocking {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Blocking() {
    }

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic()).timeout(TIMEOUT);
    }

    public static Mono<Void> run(Runnable work) {
        return Mono.<Void>fromRunnable(work).subscribeOn(Schedulers.boundedElastic()).timeout(TIMEOUT);
    }
}
