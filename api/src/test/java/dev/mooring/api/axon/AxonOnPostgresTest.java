package dev.mooring.api.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.query.AccountView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Axon's event store, snapshots and tokens live in PostgreSQL, as JSON. */
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

    @Test
    void everySerializerIsJackson() {
        assertThat(List.of(serializer, eventSerializer, messageSerializer)).allMatch(JacksonSerializer.class::isInstance);
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
}
