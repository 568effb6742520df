package dev.mooring.query.accounts;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mooring.accounts.lag} times an event from its timestamp to the commit that wrote it, and only then. */
class ReadModelLagTest {

    private static final Instant OCCURRED = Instant.parse("2026-12-03T12:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ReadModelLag lag = new ReadModelLag(Clock.fixed(OCCURRED.plusMillis(1_250), ZoneOffset.UTC), meters);

    @Test
    void aCommittedEventIsTimedFromItsTimestampToTheCommit() {
        long[] countWhileHandling = {-1};
        ResultMessage<?> result = handle(event -> {
            countWhileHandling[0] = timer().count();
            return null;
        });

        assertThat(result.isExceptional()).isFalse();
        assertThat(countWhileHandling[0]).as("nothing is recorded before the commit").isZero();
        assertThat(timer().count()).isEqualTo(1);
        assertThat(timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_250.0);
    }

    @Test
    void anEventWhoseWriteRolledBackIsNotTimed() {
        ResultMessage<?> result = handle(event -> {
            throw new IllegalStateException("the row could not be written");
        });

        assertThat(result.isExceptional()).isTrue();
        assertThat(timer().count()).isZero();
    }

    private ResultMessage<?> handle(MessageHandler<EventMessage<?>> projection) {
        EventMessage<?> event = new GenericEventMessage<>("evt-1", "an account event", Map.of(), OCCURRED);
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        return unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(lag), projection).proceed());
    }

    private Timer timer() {
        return meters.get(ReadModelLag.METER).timer();
    }
}
