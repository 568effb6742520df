package dev.mooring.api.config;

import dev.mooring.command.lifecycle.TokenLifecycleSaga;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * {@code mooring.lifecycle.events.behind}: how many event-store positions the token lifecycle's
 * processor trails the head by. A lifecycle that falls behind schedules no deadline for the newest
 * accounts, so its backlog must never be silent.
 */
@Component
class LifecycleLagMetrics {

    private static final String PROCESSOR = TokenLifecycleSaga.class.getSimpleName() + "Processor";

    LifecycleLagMetrics(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        Gauge.builder("mooring.lifecycle.events.behind", () -> behind(processing, eventStore))
                .description("event-store positions the token lifecycle has yet to handle").register(meters);
    }

    private static double behind(EventProcessingConfiguration processing, EventStore eventStore) {
        var headToken = eventStore.createHeadToken();
        OptionalLong head = headToken == null ? OptionalLong.empty() : headToken.position();
        var processor = processing.eventProcessor(PROCESSOR, StreamingEventProcessor.class);
        if (head.isEmpty() || processor.isEmpty()) {
            return Double.NaN;
        }
        long slowest = processor.get().processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(-1L))
                .min().orElse(head.getAsLong());
        return Math.max(0, head.getAsLong() - slowest);
    }
}
