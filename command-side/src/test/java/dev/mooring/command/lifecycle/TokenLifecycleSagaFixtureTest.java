package dev.mooring.command.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.serialization.MooringSerializer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's state as stored at its current revision ({@code sagas/TokenLifecycleSaga-<revision>.json},
 * written once, never regenerated). Axon has no upcasters for saga state: when this fails because a
 * field changed, make sure sagas saved before still read sensibly (a new field at its default, as
 * {@code LegacyLifecycleSagaTest} shows), raise the saga's {@code @Revision} and add the new fixture.
 */
class TokenLifecycleSagaFixtureTest {

    private static final Serializer SERIALIZER = MooringSerializer.jackson();
    private static final String REVISION = TokenLifecycleSaga.class.getAnnotation(Revision.class).value();

    @Test
    void theStoredSagaOfTheCurrentRevisionReadsAsStored() throws IOException {
        TokenLifecycleSaga saga = read();

        assertThat(saga).extracting("accountId").isEqualTo(new AccountId("acc_01JFIXTURE0000000000000001"));
        assertThat(saga).extracting("platform").isEqualTo(Platform.X);
        assertThat(saga).extracting("times").isEqualTo(new TokenTimes(Instant.parse("2026-12-02T12:00:00Z"),
                Instant.parse("2026-12-02T14:00:00Z"), null, true, false));
        assertThat(saga).extracting("refreshDeadline").isEqualTo("fixture-deadline-refresh");
        assertThat(saga).extracting("warningDeadline").isNull();
        assertThat(saga).extracting("expiryDeadline").isEqualTo("fixture-deadline-expiry");
        assertThat(saga).extracting("unrecordedAttempts").isEqualTo(1);
        assertThat(saga).extracting("deadlinesById").isEqualTo(true);
    }

    @Test
    void theStoredSagaOfTheCurrentRevisionKeepsItsShape() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(SERIALIZER.serialize(read(), byte[].class).getData()))
                .as("TokenLifecycleSaga's stored state changed shape: raise its @Revision and add sagas/TokenLifecycleSaga-<new>.json")
                .isEqualTo(json.readTree(fixture()));
    }

    private static TokenLifecycleSaga read() throws IOException {
        return SERIALIZER.deserialize(new SimpleSerializedObject<>(fixture(), byte[].class,
                TokenLifecycleSaga.class.getName(), REVISION));
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = TokenLifecycleSagaFixtureTest.class
                .getResourceAsStream("/sagas/TokenLifecycleSaga-" + REVISION + ".json")) {
            assertThat(in).as("no fixture sagas/TokenLifecycleSaga-%s.json for the saga's current revision", REVISION)
                    .isNotNull();
            return in.readAllBytes();
        }
    }
}
