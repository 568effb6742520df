package dev.mooring.command.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Set;
import java.util.function.Function;

/**
 * Events stored before events carried a revision have none; they are revision 1. Their payload
 * stays as it is, the revision is stamped so that the step from 1 to 2, whenever one is written,
 * meets them too. Types are named as they are stored, not by class, because the store keeps the
 * name even if a class is renamed.
 */
final class FirstRevisionUpcaster extends SingleEventUpcaster {

    static final String FIRST_REVISION = "1";

    private final Set<String> storedTypes;

    FirstRevisionUpcaster(Set<String> storedTypes) {
        this.storedTypes = Set.copyOf(storedTypes);
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().getRevision() == null && storedTypes.contains(event.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(event.getType().getName(), FIRST_REVISION),
                JsonNode.class, Function.identity());
    }
}
