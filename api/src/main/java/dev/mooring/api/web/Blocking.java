package dev.mooring.api.web;

import dev.mooring.api.timeout.RequestTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Axon's in-process buses run handlers on the caller's thread and JDBC blocks, so nothing of it may
 * run on a Netty event loop: it goes to the bounded elastic pool, and the caller waits at most
 * {@code MOORING_REQUEST_TIMEOUT} ({@link RequestTimeout}). Past it the caller is answered and the
 * work is left to finish what it started, never interrupted half way (a token rotated upstream must
 * still be stored); one line in the log says so.
 */
public final class Blocking {

    private static final Logger log = LoggerFactory.getLogger(Blocking.class);

    private Blocking() {
    }

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.deferContextual(context -> {
            RequestTimeout limit = RequestTimeout.of(context);
            CompletableFuture<T> answer = new CompletableFuture<>();
            // whichever of the work and the timer decides first answers; the timer's line is logged
            // before the caller can see the 503
            AtomicBoolean decided = new AtomicBoolean();
            Schedulers.boundedElastic().schedule(() -> {
                try {
                    T result = work.call();
                    if (decided.compareAndSet(false, true)) {
                        answer.complete(result);
                    }
                } catch (Throwable failed) {
                    if (decided.compareAndSet(false, true)) {
                        answer.completeExceptionally(failed);
                    }
                }
            });
            // a timeout on the work itself would interrupt it, or leave its later outcome to be logged as dropped
            Disposable timer = Schedulers.parallel().schedule(() -> {
                // a caller who hung up (the answer cancelled) is not told anything, nor logged as answered
                if (!answer.isDone() && decided.compareAndSet(false, true)) {
                    try {
                        log.warn("request {} answered platform_unavailable after {} ms (MOORING_REQUEST_TIMEOUT); its work goes on",
                                limit.requestId(), limit.timeout().toMillis());
                    } finally {
                        answer.completeExceptionally(new TimeoutException("blocking work took longer than " + limit.timeout()));
                    }
                }
            }, limit.timeout().toMillis(), TimeUnit.MILLISECONDS);
            answer.whenComplete((result, failure) -> timer.dispose());
            return Mono.fromFuture(answer);
        });
    }

    public static Mono<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        }).then();
    }
}
