package dev.mooring.api.timeout;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A caller's answer from work that must not be cut short: the work's outcome, or {@code late}'s
 * failure once {@code wait} has passed, whichever comes first. The work is never cancelled or
 * interrupted by it (a token rotated upstream must still be stored), and a timeout on the work's own
 * future would leave its later outcome with no one to take it, for Reactor to log as dropped.
 */
public final class AnswerWithin {

    private AnswerWithin() {
    }

    /**
     * {@code late} runs on the timer's thread before the caller is answered, so whatever it logs is
     * written before the caller can see the failure. It is not asked once the caller has hung up
     * (Reactor cancels the answer), unless the hang-up comes while it runs. Should it throw, what it
     * threw is the answer.
     */
    public static <T> Mono<T> answer(CompletableFuture<T> work, Duration wait, Supplier<? extends Throwable> late) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        AtomicBoolean decided = new AtomicBoolean();
        work.whenComplete((result, failure) -> {
            if (decided.compareAndSet(false, true)) {
                if (failure == null) {
                    answer.complete(result);
                } else {
                    answer.completeExceptionally(failure);
                }
            }
        });
        // Reactor's timer thread: on Java 25 the JDK's delayed executor runs in the common pool
        Disposable timer = Schedulers.parallel().schedule(() -> {
            if (!answer.isDone() && decided.compareAndSet(false, true)) {
                // whatever late does, the caller is answered: the work can no longer answer it
                Throwable failure;
                try {
                    failure = late.get();
                } catch (Throwable failed) {
                    failure = failed;
                }
                answer.completeExceptionally(failure != null ? failure : new TimeoutException("no answer within " + wait));
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((result, failure) -> timer.dispose());
        return Mono.fromFuture(answer);
    }
}
