package dev.mooring.api.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.query.AccountView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Axon's event store, snapshots and tokens live in PostgreSQL, as JSON, and only Jackson writes it. */
@MooringTest
class AxonOnPostgresTest {

    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    CredentialsSealer sealer;
    @Autowired
    Jdbi jdbi;
    @Autowired
    ObjectMapper json;
    @Autowired
    Serializer serializer;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    @Qualifier("messageSerializer")
    Serializer messageSerializer;
    @Autowired
    ApplicationContext context;
    @Autowired
    org.axonframework.config.Configuration axon;

    @Test
    void everySerializerIsJackson() {
        assertThat(List.of(serializer, eventSerializer, messageSerializer)).allMatch(JacksonSerializer.class::isInstance);
        assertThat(context.getBeansOfType(Serializer.class).values()).hasSize(3).allMatch(JacksonSerializer.class::isInstance);
    }

    @Test
    void xStreamIsNotOnTheApplicationsClasspath() {
        // the running application (this class's) got here without it: Axon's XStream fallback can never be built
        assertThatThrownBy(() -> Class.forName("com.thoughtworks.xstream.XStream"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(accounts.connected(accounts.tenant().workspace(), Platform.X, "no-xstream").id()).isNotNull();
    }

    @Test
    void eventsAreStoredAsJsonWithEncryptedTokens() throws Exception {
        WorkspaceId workspace = accounts.tenant().workspace();
        AccountView account = accounts.connected(workspace, Platform.X, "stored-as-json");

        List<byte[]> payloads = jdbi.withHandle(h -> h.createQuery(
                        "select payload from domain_event_entry where aggregate_identifier = :id order by sequence_number")
                .bind("id", account.id().value()).mapTo(byte[].class).list());

        assertThat(payloads).hasSize(1);
        String stored = new String(payloads.get(0), StandardCharsets.UTF_8);
        JsonNode event = json.readTree(stored);
        assertThat(event.get("platformUserId").asText()).isEqualTo("stored-as-json");
        assertThat(event.at("/credentials/accessToken").asText()).isNotBlank();
        assertThat(stored).doesNotContain(TestAccounts.CANARY_ACCESS, TestAccounts.CANARY_REFRESH);
    }

    @Test
    void aLongLivedAccountLoadsFromASnapshotNotItsWholeHistory() {
        WorkspaceId workspace = accounts.tenant().workspace();
        AccountId id = accounts.connected(workspace, Platform.X, "busy").id();
        int refreshes = 250;
        for (int i = 1; i <= refreshes; i++) {
            Instant expiry = Instant.parse("2027-01-01T00:00:00Z").plus(i, ChronoUnit.HOURS);
            commands.sendAndWait(RefreshToken.succeeded(id, sealer.seal(id, TestAccounts.credentials(expiry)), null));
        }

        Long newestSnapshot = jdbi.withHandle(h -> h.createQuery(
                        "select max(sequence_number) from snapshot_event_entry where aggregate_identifier = :id")
                .bind("id", id.value()).mapTo(Long.class).one());
        assertThat(newestSnapshot).isNotNull().isGreaterThanOrEqualTo(refreshes - 100L);

        List<? extends DomainEventMessage<?>> loaded = eventStore.readEvents(id.value()).asStream().toList();
        assertThat(loaded.get(0).getType()).isEqualTo("PlatformAccount"); // the snapshot comes first
        assertThat(loaded.size()).isLessThanOrEqualTo(101);
        assertThat(loaded.get(loaded.size() - 1).getSequenceNumber()).isEqualTo(refreshes);

        // and the account loaded that way still works and reads correctly
        Instant last = Instant.parse("2027-06-01T00:00:00Z");
        commands.sendAndWait(RefreshToken.succeeded(id, sealer.seal(id, TestAccounts.credentials(last)), null));
        AccountView view = accounts.read(workspace, id);
        assertThat(view.tokenExpiresAt()).isEqualTo(last);
        assertThat(view.version()).isEqualTo(refreshes + 1);
    }

    @Test
    void theAccountsProjectionTracksItsPositionInTheTokenTable() {
        accounts.connected(accounts.tenant().workspace(), Platform.X, "tracked");
        assertThat((int) jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from token_entry where processor_name = 'accounts' and token is not null")
                .mapTo(Integer.class).one())).isEqualTo(1);
    }

    @Test
    void axonsOwnConfigurationHoldsOurUpcasters() {
        // what the Axon Server event store reads through when it replaces ours
        var unversioned = new GenericDomainEventEntry<>("PlatformAccount", "acc_01JUPCAST", 0, UUID.randomUUID().toString(),
                Instant.parse("2026-12-02T12:00:00Z"), TokenRefreshed.class.getName(), null,
                "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));

        List<String> revisions = axon.upcasterChain()
                .upcast(Stream.of(new InitialEventRepresentation(unversioned, eventSerializer)))
                .map(event -> event.getType().getRevision())
                .toList();

        assertThat(revisions).containsExactly("1");
    }

    @Test
    void aSnapshotOfAnotherRevisionIsIgnoredAndTheAccountIsRebuiltFromItsEvents() {
        AccountId id = accounts.connected(accounts.tenant().workspace(), Platform.X, "older-snapshot").id();
        storeRevokedSnapshot(id, null); // saved before PlatformAccount carried a revision: its shape may differ

        commands.sendAndWait(RefreshToken.succeeded(id, sealer.seal(id, TestAccounts.credentials(
                Instant.parse("2027-02-01T00:00:00Z"))), null));

        // rebuilt from AccountConnected the account is active, so the refresh was recorded
        assertThat(eventTypes(id)).containsExactly("dev.mooring.kernel.account.AccountConnected", TokenRefreshed.class.getName());
    }

    @Test
    void aSnapshotOfTheCurrentRevisionIsUsed() {
        AccountId id = accounts.connected(accounts.tenant().workspace(), Platform.X, "current-snapshot").id();
        storeRevokedSnapshot(id, "1");

        // the same snapshot at the aggregate's revision is believed: a revoked account refuses a refresh
        assertThatThrownBy(() -> commands.sendAndWait(RefreshToken.succeeded(id, sealer.seal(id, TestAccounts.credentials(
                Instant.parse("2027-02-01T00:00:00Z"))), null)))
                .isInstanceOf(AccountCommandRefused.class);
        assertThat(eventTypes(id)).containsExactly("dev.mooring.kernel.account.AccountConnected");
    }

    /** A snapshot after the account's first event that says it is revoked, unlike its events. */
    private void storeRevokedSnapshot(AccountId id, String revision) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                          time_stamp, payload_type, payload_revision, payload, meta_data)
                        select e.aggregate_identifier, 0, 'PlatformAccount', :eventId, e.time_stamp,
                               'dev.mooring.command.account.PlatformAccount', :revision,
                               convert_to(jsonb_build_object('id', p->'accountId', 'workspaceId', p->'workspaceId',
                                   'platform', p->'platform', 'platformUserId', p->'platformUserId', 'status', 'revoked',
                                   'credentials', p->'credentials', 'consecutiveRefreshFailures', 0)::text, 'UTF8'),
                               convert_to('{}', 'UTF8')
                          from domain_event_entry e, lateral (select convert_from(e.payload, 'UTF8')::jsonb p) event
                         where e.aggregate_identifier = :id and e.sequence_number = 0""")
                .bind("id", id.value())
                .bind("eventId", UUID.randomUUID().toString())
                .bind("revision", revision)
                .execute());
    }

    private List<String> eventTypes(AccountId id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select payload_type from domain_event_entry where aggregate_identifier = :id order by sequence_number")
                .bind("id", id.value()).mapTo(String.class).list());
    }
}
