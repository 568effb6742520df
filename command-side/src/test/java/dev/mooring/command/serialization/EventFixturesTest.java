package dev.mooring.command.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.TokenAccessed;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event as it was stored, read back the way the event store reads it: the stored JSON
 * ({@code events/<Type>-<revision>.json}, written once and never regenerated), the application's
 * serializer and its upcaster chain. Changing an event's shape fails here until its
 * {@code @Revision} is raised, an upcaster from the old revision joins {@link EventUpcasters} and a
 * fixture of the new revision is added. Revision-1 fixtures are read both as stored with "1" and as
 * stored before events carried a revision at all.
 */
class EventFixturesTest {

    private static final String EVENTS = "dev/mooring/kernel/account/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Serializer SERIALIZER = MooringSerializer.jackson();

    private static final AccountId ACCOUNT = new AccountId("acc_01JFIXTURE0000000000000001");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_01JFIXTURE");
    private static final Credentials ROTATED = new Credentials(new EncryptedSecret("v1.fixture-ciphertext-access-2"),
            new EncryptedSecret("v1.fixture-ciphertext-refresh-2"), null, Instant.parse("2026-12-02T16:00:00Z"), null, null);

    // --- what each stored revision reads as ------------------------------------------------------

    @Test
    void accountConnectedRevision3ReadsAsStored() {
        assertThat(read("AccountConnected", "3")).isEqualTo(new AccountConnected(ACCOUNT, WORKSPACE, Platform.X,
                "fixture-user-1", new EncryptedSecret("v1.fixture-ciphertext-profile"),
                new Credentials(new EncryptedSecret("v1.fixture-ciphertext-access"),
                        new EncryptedSecret("v1.fixture-ciphertext-refresh"), null, Instant.parse("2026-12-02T14:00:00Z"),
                        Instant.parse("2027-03-02T12:00:00Z"), null),
                AccountExtensions.NONE, false, true));
    }

    @Test
    void accountConnectedRevision2ReadsAsNotImported() {
        assertThat(read("AccountConnected", "2")).isEqualTo(new AccountConnected(ACCOUNT, WORKSPACE, Platform.PINTEREST,
                "fixture-user-1", new EncryptedSecret("v1.fixture-ciphertext-profile"),
                new Credentials(new EncryptedSecret("v1.fixture-ciphertext-access"),
                        new EncryptedSecret("v1.fixture-ciphertext-refresh"),
                        new EncryptedSecret("v1.fixture-ciphertext-app-password"), Instant.parse("2026-12-02T14:00:00Z"),
                        Instant.parse("2027-03-02T12:00:00Z"), URI.create("https://pds.example.test")),
                new AccountExtensions(new AccountExtensions.DefaultBoard("board-1", "Fixture board")), true, false));
    }

    @Test
    void accountConnectedRevision1LosesItsClearProfileAndReadsWithoutServiceUrl() {
        AccountConnected expected = new AccountConnected(ACCOUNT, WORKSPACE, Platform.LINKEDIN, "fixture-user-1", null,
                new Credentials(new EncryptedSecret("v1.fixture-ciphertext-access"),
                        new EncryptedSecret("v1.fixture-ciphertext-refresh"), null, Instant.parse("2026-12-02T14:00:00Z"), null),
                AccountExtensions.NONE, false, false);

        assertThat(read("AccountConnected", "1")).isEqualTo(expected);
        assertThat(read("AccountConnected", null)).isEqualTo(expected);
        assertThat(upcast("AccountConnected", null).getData(JsonNode.class).getData().has("profile"))
                .as("the clear profile is gone from the upcast payload").isFalse();
    }

    @Test
    void tokenRefreshedRevision1Reads() {
        assertThat(readAsStoredEitherWay("TokenRefreshed")).isEqualTo(new TokenRefreshed(ACCOUNT, WORKSPACE, Platform.X, ROTATED));
    }

    @Test
    void tokenRefreshFailedRevision1Reads() {
        assertThat(readAsStoredEitherWay("TokenRefreshFailed")).isEqualTo(new TokenRefreshFailed(ACCOUNT, WORKSPACE, Platform.X,
                ErrorCode.PLATFORM_UNAVAILABLE, "upstream answered 503", 3, Instant.parse("2026-12-02T12:05:00Z")));
    }

    @Test
    void tokenExpiringRevision1Reads() {
        assertThat(readAsStoredEitherWay("TokenExpiring"))
                .isEqualTo(new TokenExpiring(ACCOUNT, WORKSPACE, Platform.LINKEDIN, Instant.parse("2027-01-31T12:00:00Z")));
    }

    @Test
    void accountRevokedRevision1Reads() {
        assertThat(readAsStoredEitherWay("AccountRevoked"))
                .isEqualTo(new AccountRevoked(ACCOUNT, WORKSPACE, Platform.X, ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"));
    }

    @Test
    void accountDisconnectedRevision1Reads() {
        assertThat(readAsStoredEitherWay("AccountDisconnected")).isEqualTo(new AccountDisconnected(ACCOUNT, WORKSPACE, Platform.X,
                "fixture-user-1", UpstreamRevocation.NOT_SUPPORTED));
    }

    @Test
    void tokenAccessedRevision1Reads() {
        assertThat(read("TokenAccessed", "1")).isEqualTo(new TokenAccessed(ACCOUNT, WORKSPACE, Platform.BLUESKY,
                "key_01JFIXTURE", Instant.parse("2026-12-02T12:30:00Z")));
    }

    // --- what keeps events honest ----------------------------------------------------------------

    @Test
    void everyEventCarriesARevisionAndHasAFixtureOfIt() {
        List<Class<?>> events = eventClasses();
        assertThat(events).as("events found in %s", EVENTS).hasSizeGreaterThanOrEqualTo(6);

        for (Class<?> event : events) {
            Revision revision = event.getAnnotation(Revision.class);
            assertThat(revision).as("%s has no @Revision", event.getSimpleName()).isNotNull();
            assertThat(fixture(event.getSimpleName(), revision.value()))
                    .as("no fixture events/%s-%s.json for %s's current revision", event.getSimpleName(), revision.value(),
                            event.getSimpleName())
                    .isNotNull();
        }
    }

    @Test
    void everyEventReadsBackToTheJsonOfItsCurrentRevision() {
        for (Class<?> event : eventClasses()) {
            String revision = event.getAnnotation(Revision.class).value();
            String name = event.getSimpleName();
            Object read = read(name, revision);

            JsonNode written = tree(SERIALIZER.serialize(read, byte[].class).getData());
            assertThat(written)
                    .as("%s changed shape without a new revision: raise its @Revision, add an upcaster from %s to "
                            + "EventUpcasters and a fixture events/%s-<new revision>.json", name, revision, name)
                    .isEqualTo(tree(fixture(name, revision)));
        }
    }

    @Test
    void everyStoredRevisionUpcastsToTheCurrentOne() throws IOException {
        Resource[] fixtures = new PathMatchingResourcePatternResolver().getResources("classpath:events/*.json");
        assertThat(fixtures).isNotEmpty();
        for (Resource fixture : fixtures) {
            String file = Objects.requireNonNull(fixture.getFilename());
            String name = file.substring(0, file.lastIndexOf('-'));
            String revision = file.substring(file.lastIndexOf('-') + 1, file.length() - ".json".length());
            String current = eventClass(name).getAnnotation(Revision.class).value();

            assertThat(upcast(name, revision).getType().getRevision())
                    .as("events/%s reaches %s's current revision through EventUpcasters", file, name)
                    .isEqualTo(current);
            // Events introduced after revisions were (TokenAccessed, ...) are never stored without one.
            if (revision.equals(FirstRevisionUpcaster.FIRST_REVISION)
                    && EventUpcasters.storedWithoutRevision(eventClass(name).getName())) {
                assertThat(upcast(name, null).getType().getRevision())
                        .as("events/%s stored without a revision reaches the current one", file)
                        .isEqualTo(current);
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Object readAsStoredEitherWay(String name) {
        Object read = read(name, "1");
        assertThat(read(name, null)).as("%s stored without a revision", name).isEqualTo(read);
        return read;
    }

    /** The fixture of that revision, stored with {@code storedRevision} (null: stored before revisions, the revision-1 file), read as the event store reads it. */
    private static Object read(String name, String storedRevision) {
        return SERIALIZER.deserialize(upcast(name, storedRevision).getData());
    }

    private static IntermediateEventRepresentation upcast(String name, String storedRevision) {
        String fileRevision = storedRevision == null ? FirstRevisionUpcaster.FIRST_REVISION : storedRevision;
        byte[] payload = Objects.requireNonNull(fixture(name, fileRevision), "no fixture events/" + name + "-" + fileRevision + ".json");
        var stored = new GenericDomainEventEntry<>("PlatformAccount", ACCOUNT.value(), 0, "fixture-" + name,
                Instant.parse("2026-12-02T12:00:00Z"), EVENTS.replace('/', '.') + name, storedRevision, payload,
                "{}".getBytes(StandardCharsets.UTF_8));
        List<IntermediateEventRepresentation> upcast = EventUpcasters.chain()
                .upcast(Stream.of(new InitialEventRepresentation(stored, SERIALIZER)))
                .toList();
        assertThat(upcast).as("one stored %s reads as one event", name).hasSize(1);
        return upcast.get(0);
    }

    private static byte[] fixture(String name, String revision) {
        try (InputStream in = EventFixturesTest.class.getResourceAsStream("/events/" + name + "-" + revision + ".json")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events are the records that name their account without targeting it; commands target it, values do not name it. */
    private static List<Class<?>> eventClasses() {
        try {
            List<Class<?>> events = new ArrayList<>();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + EVENTS + "*.class")) {
                String file = Objects.requireNonNull(resource.getFilename());
                if (file.contains("$")) {
                    continue;
                }
                Class<?> type = eventClass(file.substring(0, file.length() - ".class".length()));
                if (type.isRecord() && Arrays.stream(type.getRecordComponents()).anyMatch(EventFixturesTest::namesTheAccount)) {
                    events.add(type);
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean namesTheAccount(RecordComponent component) {
        // the annotation lands on the component's field and accessor (its targets include no record component)
        return component.getType() == AccountId.class
                && !component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class);
    }

    private static Class<?> eventClass(String simpleName) {
        try {
            return Class.forName(EVENTS.replace('/', '.') + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("a fixture names " + simpleName + ", which is no class in " + EVENTS, e);
        }
    }
}
