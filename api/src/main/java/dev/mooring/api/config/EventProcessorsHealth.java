package dev.mooring.api.config;

import dev.mooring.query.accounts.AccountsReplay;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /actuator/health} includes Axon's event processors: down when one has stopped or is
 * retrying after an error, since then projections, the lifecycle or webhooks fall behind. The
 * accounts rebuild's processor runs only during a rebuild: stopped, it is idle.
 */
@Component("eventProcessors")
class EventProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;

    EventProcessorsHealth(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        Map<String, String> states = new TreeMap<>();
        boolean healthy = true;
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            EventProcessor processor = entry.getValue();
            boolean error = processor instanceof StreamingEventProcessor streaming && streaming.isError();
            String state = !processor.isRunning()
                    ? entry.getKey().equals(AccountsReplay.PROCESSING_GROUP) ? "idle" : "stopped"
                    : error ? "error" : "running";
            healthy &= state.equals("running") || state.equals("idle");
            states.put(entry.getKey(), state);
        }
        (healthy ? health.up() : health.down()).withDetails(Map.copyOf(states));
    }
}
