package dev.mooring.api.config;

import dev.mooring.api.support.MooringTest;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.springboot.TimeoutProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon times every handler twice by default: the handler itself and the unit of work around it. The
 * handler's own timer is off (it walked the thread's stack on every invocation: 5 % of an import's CPU,
 * 6 % of a rebuild's); the unit of work's stays, so a stuck command, query, deadline or event batch is
 * still warned about after 10 s and interrupted after 60 s.
 */
@MooringTest
class HandlerTimeoutsTest {

    @Autowired
    TimeoutProperties timeouts;
    @Autowired
    HandlerTimeoutHandlerEnhancerDefinition handlerTimeouts;

    @Test
    void handlersAreNotTimedOneByOne() {
        List<MessageHandlingMember<? super Handlers>> members = AnnotatedHandlerInspector.inspectType(Handlers.class)
                .getHandlers(Handlers.class).toList();
        assertThat(members).hasSize(3);
        for (MessageHandlingMember<? super Handlers> member : members) {
            assertThat(handlerTimeouts.wrapHandler(member)).as("left as it is, not wrapped in a timer").isSameAs(member);
        }
    }

    static class Handlers {
        @EventHandler
        void on(String event) {
        }

        @CommandHandler
        void handle(Integer command) {
        }

        @QueryHandler
        Long answer(Long query) {
            return query;
        }
    }

    @Test
    void theUnitsOfWorkAroundThemStillAre() {
        assertThat(timeouts.isEnabled()).isTrue();
        TimeoutProperties.TransactionTimeoutProperties transaction = timeouts.getTransaction();
        for (TaskTimeoutSettings settings : List.of(transaction.getCommandBus(), transaction.getQueryBus(),
                transaction.getDeadline(), transaction.getEventProcessors())) {
            assertThat(settings.getTimeoutMs()).isEqualTo(60_000);
            assertThat(settings.getWarningThresholdMs()).isEqualTo(10_000);
        }
    }
}
