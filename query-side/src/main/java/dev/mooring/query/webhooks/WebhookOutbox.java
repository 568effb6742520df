package dev.mooring.query.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.query.events.AccountEvent;
import dev.mooring.query.events.AccountEvents;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Feeds the webhook outbox from its own streaming processor. Each queued delivery commits in the
 * same transaction as the processor's token, so an event is queued exactly when it counts as
 * handled, and a restart neither loses nor repeats one. Replays are refused: a webhook that was
 * sent once must never be sent again because a read model was rebuilt.
 */
@Component
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
@DisallowReplay
public class WebhookOutbox {

    public static final String PROCESSING_GROUP = "webhook-outbox";

    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;

    public WebhookOutbox(WebhookDeliveries deliveries, ObjectMapper json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    @EventHandler
    void on(AccountConnected event, EventMessage<?> message) {
        enqueue(event, message);
    }

    @EventHandler
    void on(TokenExpiring event, EventMessage<?> message) {
        enqueue(event, message);
    }

    @EventHandler
    void on(AccountRevoked event, EventMessage<?> message) {
        enqueue(event, message);
    }

    @EventHandler
    void on(AccountDisconnected event, EventMessage<?> message) {
        enqueue(event, message);
    }

    private void enqueue(Object payload, EventMessage<?> message) {
        AccountEvent event = AccountEvents.of(message.getIdentifier(), message.getTimestamp(), payload).orElseThrow();
        deliveries.enqueue(event, body(event));
    }

    /** Rendered once, here: every attempt then sends and signs exactly these bytes. */
    private String body(AccountEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render webhook body for " + event.id(), e);
        }
    }
}
