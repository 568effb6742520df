package dev.mooring.command.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mooring.kernel.FrontDoor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The one definition of how Axon turns events, snapshots, saga state, deadlines, tokens and messages
 * into stored JSON; the application's serializer beans and every test that reads stored JSON use
 * it. The mapper is Axon's own, never Spring's, so stored JSON does not change when the web mapper
 * does. Unknown properties are ignored because saga state has no upcasters: a saga saved before a
 * field was dropped must still load. Events are held to their shape by their fixture tests instead.
 */
@FrontDoor
public final class MooringSerializer {

    private MooringSerializer() {
    }

    public static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }

    private static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
