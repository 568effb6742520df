package dev.mooring.api.timeout;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The race every request that waits on blocking or upstream work runs: its outcome, or a late answer. */
class AnswerWithinTest {

    private static final Duration WAIT = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    static final class Late extends RuntimeException {
        Late() {
            super("late");
        }
    }

    @Test
    void workThatEndsInTimeIsTheAnswerAndLateIsNeverAsked() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<String> work = new CompletableFuture<>();
        Mono<String> answer = AnswerWithin.answer(work, WAIT, () -> {
            asked.incrementAndGet();
            return new Late();
        });
        CompletableFuture<String> caller = answer.toFuture();
        work.complete("done");

        assertThat(caller.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done");
        Thread.sleep(WAIT.toMillis() * 3);
        assertThat(asked).hasValue(0);
    }

    @Test
    void workThatFailsInTimeFailsTheAnswer() {
        CompletableFuture<String> work = new CompletableFuture<>();
        Mono<String> answer = AnswerWithin.answer(work, WAIT, Late::new);
        CompletableFuture<String> caller = answer.toFuture();
        work.completeExceptionally(new IllegalStateException("refused"));

        assertThatThrownBy(() -> caller.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void pastTheWaitTheCallerGetsLateAndTheWorkGoesOnUncancelled() throws Exception {
        AtomicReference<String> askedOn = new AtomicReference<>();
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> caller = AnswerWithin.answer(work, WAIT, () -> {
            askedOn.set(Thread.currentThread().getName());
            return new Late();
        }).toFuture();

        assertThatThrownBy(() -> caller.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).hasCauseInstanceOf(Late.class);
        assertThat(askedOn.get()).startsWith("parallel-"); // Reactor's timer, never the common pool
        assertThat(work).isNotDone(); // not cancelled: the work finishes what it started
        assertThat(work.complete("stored")).isTrue();
        assertThat(caller).isCompletedExceptionally();
    }

    @Test
    void aCallerWhoHungUpIsNotAnsweredLate() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<String> work = new CompletableFuture<>();
        Disposable caller = AnswerWithin.answer(work, WAIT, () -> {
            asked.incrementAndGet();
            return new Late();
        }).subscribe(result -> { }, failure -> { });
        caller.dispose();

        Thread.sleep(WAIT.toMillis() * 3);
        assertThat(asked).hasValue(0);
        assertThat(work).isNotDone();
    }

    @Test
    void lateThatThrowsEvenAnErrorStillAnswersTheCaller() {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> caller = AnswerWithin.answer(work, WAIT, () -> {
            throw new AssertionError("the log could not be written");
        }).toFuture();

        assertThatThrownBy(() -> caller.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void lateThatGivesNothingStillAnswersWithATimeout() {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> caller = AnswerWithin.answer(work, WAIT, () -> null).toFuture();

        assertThatThrownBy(() -> caller.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void workThatEndsWhileLateIsBeingAskedDoesNotAnswerTwice() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> caller = AnswerWithin.answer(work, WAIT, () -> {
            asked.countDown();
            try {
                workEnded.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return new Late();
        }).toFuture();

        assertThat(asked.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        work.complete("too late");
        workEnded.countDown();

        assertThatThrownBy(() -> caller.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).hasCauseInstanceOf(Late.class);
    }
}
