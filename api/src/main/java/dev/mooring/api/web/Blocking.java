package dev.mooring.api.web;

import dev.mooring.api.timeout.AnswerWithin;
import dev.mooring.api.timeout.RequestTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

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
            CompletableFuture<T> outcome = new CompletableFuture<>();
            Schedulers.boundedElastic().schedule(() -> {
                try {
                    outcome.complete(work.call());
                } catch (Throwable failed) {
                    outcome.completeExceptionally(failed);
                }
            });
            return AnswerWithin.answer(outcome, limit.timeout(), () -> {
                TimeoutException late = new TimeoutException("blocking work took longer than " + limit.timeout());
                try {
                    log.warn("request {} answered platform_unavailable after {} ms (MOORING_REQUEST_TIMEOUT); its work goes on",
                            limit.requestId(), limit.timeout().toMillis());
                } catch (RuntimeException notLogged) {
                    late.addSuppressed(notLogged); // still the 503 the caller is owed
                }
                return late;
            });
        });
    }

    public static Mono<Void> run(Runnable work) {
        return call(() -> {
            work.run();
            return null;
        }).then();
    }
}
