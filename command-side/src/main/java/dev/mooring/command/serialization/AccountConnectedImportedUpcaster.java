package dev.mooring.command.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * AccountConnected revision 2 → 3: revision 3 says whether the account was imported. Every account
 * connected before imports existed came through a connect flow, so it reads as not imported.
 */
final class AccountConnectedImportedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(EventUpcasters.ACCOUNT_CONNECTED, "2");
    private static final SimpleSerializedType REVISION_3 = new SimpleSerializedType(EventUpcasters.ACCOUNT_CONNECTED, "3");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return REVISION_2.equals(event.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(REVISION_3, JsonNode.class, payload -> ((ObjectNode) payload).deepCopy().put("imported", false));
    }
}
