package dev.mooring.command.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * AccountConnected revision 1 → 2: revision 1 carried the profile in clear, revision 2 carries it
 * sealed under the account's data key. Sealing needs the vault, which an upcaster must not call, so
 * the clear profile is dropped and the event reads without one. On PostgreSQL ClearProfileSealing
 * has already sealed such rows in place at startup (only rewriting removes the clear name from the
 * store); this step covers stores it cannot rewrite (Axon Server) and puts every AccountConnected
 * on revision 2, where the next upcaster will start.
 */
final class AccountConnectedClearProfileUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(EventUpcasters.ACCOUNT_CONNECTED, FirstRevisionUpcaster.FIRST_REVISION);
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(EventUpcasters.ACCOUNT_CONNECTED, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return REVISION_1.equals(event.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode upcast = ((ObjectNode) payload).deepCopy();
            upcast.remove("profile");
            if (!upcast.has("sealedProfile")) {
                upcast.putNull("sealedProfile");
            }
            return upcast;
        });
    }
}
