package dev.mooring.api.vault;

import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.StoredSecrets;
import dev.mooring.api.support.StoredSecrets.Stored;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.DataKeys;
import dev.mooring.command.vault.SecretField;
import dev.mooring.command.vault.SecretUnreadable;
import dev.mooring.command.vault.SecretVault;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.DisconnectAccount;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.TokenRefreshed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Disconnect destroys the account's data key with the event that records it; the history stays, unreadable. */
@MooringTest
class CryptoShreddingTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    CredentialsSealer sealer;
    @Autowired
    SecretVault vault;
    @Autowired
    DataKeys dataKeys;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    Jdbi jdbi;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @Test
    void afterDeleteTheHistoryReplaysButNoStoredTokenDecrypts() {
        AccountId id = accounts.connected(tenant.workspace(), Platform.BLUESKY, "shredded.bsky.social").id();
        commands.sendAndWait(RefreshToken.succeeded(id, sealer.seal(id, TestAccounts.credentials(Instant.parse("2027-01-01T00:00:00Z"))), null));
        List<Stored> stored = StoredSecrets.of(jdbi, id);
        assertThat(stored).extracting(Stored::field).containsExactly(SecretField.ACCESS_TOKEN, SecretField.REFRESH_TOKEN,
                SecretField.APP_PASSWORD, SecretField.ACCESS_TOKEN, SecretField.REFRESH_TOKEN);
        assertThat(stored).allSatisfy(secret ->
                assertThat(vault.decrypt(id, secret.field(), secret.secret())).isIn(TestAccounts.CANARIES));
        List<Map<String, Object>> eventsBefore = eventRows(id);
        String wrappedKey = (String) dataKeyRow(id).get("wrapped_key");

        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();

        Map<String, Object> key = dataKeyRow(id);
        assertThat(key.get("wrapped_key")).isNull();
        assertThat(key.get("master_key_id")).isNull();
        assertThat(key.get("shredded_at")).isNotNull();
        for (String table : DatabaseRows.tables(jdbi)) {
            assertThat(DatabaseRows.of(jdbi, table).toString()).as(table).doesNotContain(wrappedKey);
        }
        // the same rows are still there, untouched, with one more event at the end
        List<Map<String, Object>> eventsAfter = eventRows(id);
        assertThat(eventsAfter.subList(0, eventsBefore.size())).isEqualTo(eventsBefore);
        assertThat(eventsAfter).hasSize(eventsBefore.size() + 1);
        assertThat(StoredSecrets.of(jdbi, id)).isEqualTo(stored);
        // the history still replays
        assertThat(eventStore.readEvents(id.value()).asStream().map(event -> event.getPayloadType().getSimpleName()).toList())
                .containsExactly(AccountConnected.class.getSimpleName(), TokenRefreshed.class.getSimpleName(),
                        AccountDisconnected.class.getSimpleName());
        // and not one token in it decrypts
        assertThat(stored).allSatisfy(secret ->
                assertThatThrownBy(() -> vault.decrypt(id, secret.field(), secret.secret()))
                        .isExactlyInstanceOf(SecretUnreadable.class)
                        .hasMessageContaining(id.value())
                        .hasMessageContaining("no data key")
                        .message().doesNotContain(TestAccounts.CANARIES));
    }

    @Test
    void theKeyIsDestroyedOnlyIfTheDisconnectEventCommits() {
        AccountId id = accounts.connected(tenant.workspace(), Platform.X, "changes-its-mind").id();

        transaction.executeWithoutResult(status -> {
            commands.sendAndWait(new DisconnectAccount(id, tenant.workspace(), null));
            // inside the very transaction that appended the event, the key is already gone
            assertThat(dataKeyRow(id).get("wrapped_key")).isNull();
            status.setRollbackOnly();
        });

        assertThat(eventRows(id)).hasSize(1);
        assertThat(dataKeyRow(id).get("wrapped_key")).isNotNull();
        assertThat(StoredSecrets.of(jdbi, id)).allSatisfy(secret ->
                assertThat(vault.decrypt(id, secret.field(), secret.secret())).isIn(TestAccounts.CANARIES));

        commands.sendAndWait(new DisconnectAccount(id, tenant.workspace(), null));

        // no waiting: the key died in the transaction that appended the event
        assertThat(eventRows(id)).hasSize(2);
        assertThat(dataKeyRow(id).get("wrapped_key")).isNull();
    }

    @Test
    void theShredderRunsInTheAppendingTransactionNotInABackgroundProcessor() {
        String group = DataKeys.class.getAnnotation(ProcessingGroup.class).value();
        assertThat(processing.eventProcessor(group, SubscribingEventProcessor.class)).isPresent();
    }

    @Test
    void aDisconnectedAccountNeverGetsADataKeyAgain() {
        AccountId id = accounts.connected(tenant.workspace(), Platform.X, "gone-for-good").id();
        commands.sendAndWait(new DisconnectAccount(id, tenant.workspace(), null));

        assertThatThrownBy(() -> dataKeys.createFor(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed for good");
        assertThatThrownBy(() -> sealer.seal(id, TestAccounts.credentials(Instant.parse("2027-01-01T00:00:00Z"))))
                .isInstanceOf(IllegalStateException.class)
                .message().doesNotContain(TestAccounts.CANARIES);
        assertThat(dataKeyRow(id).get("wrapped_key")).isNull();
    }

    private List<Map<String, Object>> eventRows(AccountId id) {
        return DatabaseRows.of(jdbi, "select * from domain_event_entry where aggregate_identifier = :id order by sequence_number",
                Map.of("id", id.value()));
    }

    private Map<String, Object> dataKeyRow(AccountId id) {
        return DatabaseRows.of(jdbi, "select * from data_keys where account_id = :id", Map.of("id", id.value())).get(0);
    }
}
