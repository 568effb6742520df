package dev.mooring.command.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.serialization.MooringSerializer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.account.Credentials;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregate's snapshot as stored at its current revision ({@code snapshots/PlatformAccount-<revision>.json},
 * written once, never regenerated). Snapshots have no upcasters: when this fails because a field
 * changed, raise {@code PlatformAccount}'s {@code @Revision} (older snapshots are then skipped and
 * the account replays its events) and add the fixture of the new revision.
 */
class PlatformAccountSnapshotFixtureTest {

    private static final Serializer SERIALIZER = MooringSerializer.jackson();
    private static final String REVISION = PlatformAccount.class.getAnnotation(Revision.class).value();

    @Test
    void theSnapshotOfTheCurrentRevisionReadsAsStored() throws IOException {
        PlatformAccount account = SERIALIZER.deserialize(new SimpleSerializedObject<>(fixture(), byte[].class,
                PlatformAccount.class.getName(), REVISION));

        assertThat(account).extracting("id").isEqualTo(new AccountId("acc_01JFIXTURE0000000000000001"));
        assertThat(account).extracting("workspaceId").isEqualTo(new WorkspaceId("ws_01JFIXTURE"));
        assertThat(account).extracting("platform").isEqualTo(Platform.X);
        assertThat(account).extracting("platformUserId").isEqualTo("fixture-user-1");
        assertThat(account).extracting("status").isEqualTo(AccountStatus.EXPIRING);
        assertThat(account).extracting("credentials").isEqualTo(new Credentials(
                new EncryptedSecret("v1.fixture-ciphertext-access-2"), new EncryptedSecret("v1.fixture-ciphertext-refresh-2"),
                null, Instant.parse("2026-12-02T16:00:00Z"), null, null));
        assertThat(account).extracting("consecutiveRefreshFailures").isEqualTo(2);
    }

    @Test
    void theSnapshotOfTheCurrentRevisionKeepsItsShape() throws IOException {
        PlatformAccount account = SERIALIZER.deserialize(new SimpleSerializedObject<>(fixture(), byte[].class,
                PlatformAccount.class.getName(), REVISION));

        ObjectMapper json = new ObjectMapper();
        JsonNode written = json.readTree(SERIALIZER.serialize(account, byte[].class).getData());
        assertThat(written)
                .as("PlatformAccount's snapshot changed shape: raise its @Revision and add snapshots/PlatformAccount-<new>.json")
                .isEqualTo(json.readTree(fixture()));
        assertThat(SERIALIZER.serialize(account, byte[].class).getType().getRevision()).isEqualTo(REVISION);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = PlatformAccountSnapshotFixtureTest.class
                .getResourceAsStream("/snapshots/PlatformAccount-" + REVISION + ".json")) {
            assertThat(in).as("no fixture snapshots/PlatformAccount-%s.json for the aggregate's current revision", REVISION)
                    .isNotNull();
            return in.readAllBytes();
        }
    }
}
