package dev.mooring.query.accounts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code mooring.accounts.lag}: how long each account event took to reach the live read model,
 * from the event's timestamp (its command's) to the commit of the projection's batch that wrote it.
 * Recorded after that commit, so a batch that rolls back and is retried counts once, when it lands.
 */
final class ReadModelLag implements MessageHandlerInterceptor<EventMessage<?>> {

    static final String METER = "mooring.accounts.lag";

    private final Clock clock;
    private final Timer lag;

    ReadModelLag(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.lag = Timer.builder(METER)
                .description("from an account event to the commit that put it in the read model")
                .register(meters);
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Instant occurred = unitOfWork.getMessage().getTimestamp();
        unitOfWork.afterCommit(committed -> lag.record(Duration.between(occurred, clock.instant())));
        return chain.proceed();
    }
}
