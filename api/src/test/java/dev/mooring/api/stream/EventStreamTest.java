package dev.mooring.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.EventStreamClient;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RevokeAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/events} over real HTTP: live, resumable by stream position, scoped to the workspace.
 * On the PostgreSQL event store here; {@link EventStreamOnInMemoryStoreTest} runs the same on Axon's
 * in-memory one.
 */
@MooringTest
class EventStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    Jdbi jdbi;
    @Autowired
    ObjectMapper json;

    @Test
    void liveEventsCarryTheirStreamPositionAndOnlyTheWorkspacesOwn() throws Exception {
        Tenant tenant = accounts.tenant();
        Tenant stranger = accounts.tenant();
        try (EventStreamClient stream = openAndAwaitLive(tenant, null)) {
            AccountId theirs = accounts.connected(stranger.workspace(), Platform.X, "stranger").id();
            AccountId mine = accounts.connected(tenant.workspace(), Platform.X, "streamed").id();
            commands.sendAndWait(new RevokeAccount(mine, ErrorCode.PLATFORM_AUTH_FAILED, "revoked upstream"));

            await().atMost(PATIENCE).until(() -> stream.events().size() >= 2);

            List<ServerSentEvent<String>> events = stream.events();
            assertThat(events).extracting(ServerSentEvent::event).containsExactly("account.connected", "token.revoked");
            assertThat(events).extracting(ServerSentEvent::id).containsExactlyElementsOf(positions(mine));
            List<String> secrets = accounts.secretsOf(mine);
            for (ServerSentEvent<String> event : events) {
                JsonNode body = json.readTree(event.data());
                assertThat(body.get("id").asText()).startsWith("evt_");
                assertThat(body.get("type").asText()).isEqualTo(event.event());
                assertThat(body.get("workspaceId").asText()).isEqualTo(tenant.workspace().value());
                assertThat(body.at("/data/accountId").asText()).isEqualTo(mine.value());
                assertThat(event.data()).doesNotContain(secrets).doesNotContain(theirs.value(), "credentials");
            }
        }
    }

    @Test
    void resumingWithLastEventIdMissesNothingAndRepeatsNothing() {
        Tenant tenant = accounts.tenant();
        String lastSeen;
        AccountId first;
        try (EventStreamClient stream = openAndAwaitLive(tenant, null)) {
            first = accounts.connected(tenant.workspace(), Platform.X, "first").id();
            await().atMost(PATIENCE).until(() -> stream.events().size() >= 1);
            lastSeen = stream.events().get(0).id();
        }

        // while the client is away
        commands.sendAndWait(new RevokeAccount(first, ErrorCode.PLATFORM_AUTH_FAILED, "revoked while away"));
        AccountId second = accounts.connected(tenant.workspace(), Platform.X, "second").id();
        commands.sendAndWait(new MarkTokenExpiring(second));
        accounts.connected(accounts.tenant().workspace(), Platform.X, "someone-else");

        try (EventStreamClient resumed = EventStreamClient.open(port, tenant.bearer(), lastSeen)) {
            await().atMost(PATIENCE).until(() -> resumed.events().size() >= 3);
            AccountId third = accounts.connected(tenant.workspace(), Platform.X, "third").id();
            await().atMost(PATIENCE).until(() -> resumed.events().size() >= 4);

            List<String> expected = positionsAfter(Long.parseLong(lastSeen), first, second, third);
            assertThat(resumed.events()).extracting(ServerSentEvent::id).containsExactlyElementsOf(expected);
            assertThat(resumed.events()).extracting(ServerSentEvent::event)
                    .containsExactly("token.revoked", "account.connected", "token.expiring", "account.connected");
            assertThat(resumed.events()).extracting(ServerSentEvent::id).doesNotContain(lastSeen);
        }
    }

    @Test
    void anIdleStreamGetsHeartbeats() {
        try (EventStreamClient stream = EventStreamClient.open(port, accounts.tenant().bearer(), null)) {
            await().atMost(PATIENCE).until(() -> stream.heartbeats() >= 2);
            assertThat(stream.events()).isEmpty();
        }
    }

    @Test
    void aLastEventIdThatIsNoPositionIs400AndNoKeyIs401() {
        Tenant tenant = accounts.tenant();
        http.get().uri("/v1/events").header(HttpHeaders.AUTHORIZATION, tenant.bearer()).header("Last-Event-ID", "evt_x")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_failed");
        http.get().uri("/v1/events").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
    }

    /** A fresh stream only carries events after it is open; the first heartbeat proves it is. */
    private EventStreamClient openAndAwaitLive(Tenant tenant, String lastEventId) {
        EventStreamClient stream = EventStreamClient.open(port, tenant.bearer(), lastEventId);
        await().atMost(PATIENCE).until(() -> stream.heartbeats() >= 1);
        return stream;
    }

    private List<String> positions(AccountId account) {
        return positionsAfter(0, account);
    }

    private List<String> positionsAfter(long after, AccountId... accountIds) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select position from workspace_events
                         where data ->> 'accountId' = any(:ids) and position > :after order by position""")
                .bind("ids", Arrays.stream(accountIds).map(AccountId::value).toArray(String[]::new))
                .bind("after", after)
                .mapTo(Long.class)
                .map(String::valueOf)
                .list());
    }
}
