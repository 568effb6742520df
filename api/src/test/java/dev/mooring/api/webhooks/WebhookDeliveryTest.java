package dev.mooring.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.api.support.WebhookReceiver.Received;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.query.webhooks.WebhookOutbox;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Webhooks posted to a real local receiver, checked as a receiver using a Standard Webhooks library would. */
@MooringTest
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ObjectMapper json;
    @Autowired
    ConnectService connect;

    Tenant tenant;
    WebhookApi webhooks;
    WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        tenant = accounts.tenant();
        webhooks = new WebhookApi(http, tenant);
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void everyLifecycleEventArrivesSignedAndVerifiesWithTheStandardWebhooksLibrary() throws Exception {
        WebhookApi.Endpoint endpoint = webhooks.create(receiver.url(), null);
        AccountId id = accounts.connected(tenant.workspace(), Platform.X, "hooked").id();
        commands.sendAndWait(new MarkTokenExpiring(id));
        commands.sendAndWait(new RevokeAccount(id, ErrorCode.PLATFORM_AUTH_FAILED, "upstream said invalid_grant"));
        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();

        await().atMost(PATIENCE).until(() -> receiver.received().size() >= 4);

        List<Received> received = receiver.received();
        assertThat(received).hasSize(4);
        Set<String> eventIds = eventStore.readEvents(id.value(), 0).asStream()
                .map(message -> "evt_" + message.getIdentifier()).collect(Collectors.toSet());
        Webhook verifier = new Webhook(endpoint.secret());
        Map<String, JsonNode> byType = new HashMap<>();
        for (Received request : received) {
            assertThatNoException().isThrownBy(() -> verifier.verify(request.body(), request.headers()));
            JsonNode body = json.readTree(request.body());
            assertThat(body.fieldNames()).toIterable().containsExactly("id", "type", "createdAt", "workspaceId", "data");
            assertThat(body.get("id").asText()).isEqualTo(request.header("webhook-id")).isIn(eventIds);
            assertThat(body.get("workspaceId").asText()).isEqualTo(tenant.workspace().value());
            assertThat(body.get("createdAt").asText()).endsWith("Z");
            assertThat(body.at("/data/accountId").asText()).isEqualTo(id.value());
            assertThat(body.at("/data/platform").asText()).isEqualTo("x");
            assertThat(request.header("content-type")).startsWith("application/json");
            byType.put(body.get("type").asText(), body.get("data"));
        }
        assertThat(byType).containsOnlyKeys("account.connected", "token.expiring", "token.revoked", "account.disconnected");
        assertThat(byType.get("account.connected").get("reconnected").asBoolean()).isFalse();
        assertThat(byType.get("token.expiring").get("expiresAt").asText()).endsWith("Z");
        assertThat(byType.get("token.revoked").get("code").asText()).isEqualTo("platform_auth_failed");
        assertThat(byType.get("token.revoked").get("reason").asText()).isEqualTo("upstream said invalid_grant");

        List<String> secrets = accounts.secretsOf(id);
        assertThat(secrets).hasSize(4);
        for (Received request : received) {
            assertThat(request.body()).doesNotContain(secrets).doesNotContain("credentials", "Token\"");
        }
        Webhook wrongSecret = new Webhook(webhooks.create(receiver.url(), null).secret());
        assertThatThrownBy(() -> wrongSecret.verify(received.get(0).body(), received.get(0).headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void onlyTheEventTypesAnEndpointWantsAreSent() {
        WebhookApi.Endpoint endpoint = webhooks.create(receiver.url(), List.of("token.revoked"));
        AccountId id = accounts.connected(tenant.workspace(), Platform.X, "picky").id();
        commands.sendAndWait(new RevokeAccount(id, ErrorCode.PLATFORM_AUTH_FAILED, "gone"));

        JsonNode delivery = awaitSettled(endpoint.id(), 1).get(0);

        assertThat(delivery.get("eventType").asText()).isEqualTo("token.revoked");
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aReceiverThatAnswers503ForAWhileGetsTheEventOnceItRecovers() throws Exception {
        Settled settled = connectAndSettle(n -> n <= 2 ? 503 : 200, "patient");
        JsonNode delivery = settled.delivery();

        assertThat(delivery.get("status").asText()).isEqualTo("succeeded");
        assertThat(statusCodes(delivery)).containsExactly(503, 503, 200);
        List<Received> received = receiver.received();
        assertThat(received).hasSize(3);
        assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly(delivery.get("eventId").asText());
        assertThat(received).extracting(Received::body).containsOnly(received.get(0).body());
        Webhook verifier = new Webhook(settled.endpoint().secret());
        for (Received request : received) {
            verifier.verify(request.body(), request.headers());
        }
    }

    @Test
    void retriesStopWhenTheScheduleIsUsedUpAndADeliveryCanBeResent() {
        Settled settled = connectAndSettle(n -> 500, "unlucky");
        WebhookApi.Endpoint endpoint = settled.endpoint();
        JsonNode failed = settled.delivery();

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(statusCodes(failed)).containsExactly(500, 500, 500, 500); // the first try and three retries
        assertThat(failed.get("nextAttemptAt").isNull()).isTrue();

        receiver.answering(n -> 200);
        JsonNode resent = webhooks.resend(endpoint.id(), failed.get("id").asText());
        assertThat(resent.get("status").asText()).isEqualTo("pending");

        JsonNode delivered = awaitSettled(endpoint.id(), 1).get(0);
        assertThat(delivered.get("status").asText()).isEqualTo("succeeded");
        assertThat(statusCodes(delivered)).containsExactly(500, 500, 500, 500, 200);
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly(failed.get("eventId").asText());
    }

    @Test
    void aClientErrorIsFinalAtOnce() {
        JsonNode delivery = connectAndSettle(n -> 400, "refused").delivery();

        assertThat(delivery.get("status").asText()).isEqualTo("failed");
        assertThat(statusCodes(delivery)).containsExactly(400);
        assertThat(delivery.at("/attempts/0/error").asText()).contains("400");
    }

    @Test
    void goneTurnsTheEndpointOffAndItIsSentNothingMore() {
        Settled settled = connectAndSettle(n -> 410, "first");
        WebhookApi.Endpoint gone = settled.endpoint();
        assertThat(statusCodes(settled.delivery())).containsExactly(410);

        JsonNode endpoint = webhooks.get(gone.id());
        assertThat(endpoint.get("enabled").asBoolean()).isFalse();
        assertThat(endpoint.get("disabledReason").asText()).contains("410");

        connectWhileAWitnessWatches("second");
        assertThat(webhooks.deliveries(gone.id())).hasSize(1);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aDisabledEndpointGetsNothingUntilEnabledAgain() {
        WebhookApi.Endpoint paused = webhooks.create(receiver.url(), null);
        assertThat(webhooks.change(paused.id(), Map.of("enabled", false)).get("enabled").asBoolean()).isFalse();

        connectWhileAWitnessWatches("while-paused");
        assertThat(webhooks.deliveries(paused.id())).isEmpty();

        webhooks.change(paused.id(), Map.of("enabled", true));
        accounts.connected(tenant.workspace(), Platform.X, "after-pause");
        assertThat(awaitSettled(paused.id(), 1).get(0).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aSlowEndpointsBacklogDoesNotHoldBackAnotherEndpoint() {
        CountDownLatch release = new CountDownLatch(1);
        receiver.answering(n -> {
            release.await();
            return 200;
        });
        try (WebhookReceiver fast = WebhookReceiver.start()) {
            WebhookApi.Endpoint slow = webhooks.create(receiver.url(), null);
            WebhookApi.Endpoint quick = webhooks.create(fast.url(), List.of("token.revoked"));
            // more deliveries for the slow endpoint than this instance has sending slots (8 in tests)
            List<AccountId> backlog = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                backlog.add(connect.connect(TestAccounts.connection(tenant.workspace(), Platform.X, "backlog-" + i)));
            }
            commands.sendAndWait(new RevokeAccount(backlog.get(0), ErrorCode.PLATFORM_AUTH_FAILED, "revoked"));

            JsonNode quickDelivery = awaitSettled(quick.id(), 1).get(0);

            assertThat(quickDelivery.get("status").asText()).isEqualTo("succeeded");
            // the slow endpoint holds only its share of the slots, and none of its attempts has even timed out yet
            assertThat(receiver.received()).hasSize(2);
            JsonNode slowDeliveries = webhooks.deliveries(slow.id());
            assertThat(slowDeliveries).hasSize(11);
            slowDeliveries.forEach(delivery -> assertThat(delivery.get("attempts")).isEmpty());
        } finally {
            release.countDown();
        }
    }

    @Test
    void anAttemptWithoutAnswerTimesOutAndIsRetried() {
        JsonNode delivery = connectAndSettle(n -> {
            if (n == 1) {
                Thread.sleep(8_000); // beyond the tests' 6 s attempt timeout
            }
            return 200;
        }, "timed-out").delivery();

        assertThat(delivery.get("status").asText()).isEqualTo("succeeded");
        JsonNode attempts = delivery.get("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("statusCode").isNull()).isTrue();
        assertThat(attempts.get(0).get("error").asText()).contains("no answer");
        assertThat(attempts.get(1).get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
        WebhookApi.Endpoint endpoint = webhooks.create(receiver.url(), null);
        accounts.connected(tenant.workspace(), Platform.X, "before-rotation");
        awaitSettled(endpoint.id(), 1);
        String newSecret = webhooks.rotate(endpoint.id());
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(endpoint.secret());

        accounts.connected(tenant.workspace(), Platform.X, "after-rotation");
        awaitSettled(endpoint.id(), 2);

        Received before = receiver.received().get(0);
        Received after = receiver.received().get(1);
        assertThat(before.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(endpoint.secret()).verify(after.body(), after.headers());
        new Webhook(newSecret).verify(after.body(), after.headers());
        assertThatThrownBy(() -> new Webhook(newSecret).verify(before.body(), before.headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void eventsFromBeforeAnEndpointExistedAreNotSentToIt() {
        accounts.connected(tenant.workspace(), Platform.X, "earlier");
        WebhookApi.Endpoint endpoint = webhooks.create(receiver.url(), null);
        AccountId later = accounts.connected(tenant.workspace(), Platform.X, "later").id();

        awaitSettled(endpoint.id(), 1);

        assertThat(receiver.received()).hasSize(1);
        assertThat(receiver.received().get(0).body()).contains(later.value());
    }

    @Test
    void theOutboxRefusesReplaysSoOldEventsAreNeverSentAgain() {
        StreamingEventProcessor outbox = processing
                .eventProcessor(WebhookOutbox.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();

        assertThat(outbox.supportsReset()).isFalse();
        assertThatThrownBy(outbox::resetTokens).isInstanceOf(IllegalStateException.class);
    }

    /** A new endpoint and its one delivery, settled. */
    private record Settled(WebhookApi.Endpoint endpoint, JsonNode delivery) {
    }

    /** Points a new endpoint at the receiver answering so, connects an account and waits for the delivery to settle. */
    private Settled connectAndSettle(WebhookReceiver.Answer answer, String user) {
        receiver.answering(answer);
        WebhookApi.Endpoint endpoint = webhooks.create(receiver.url(), null);
        accounts.connected(tenant.workspace(), Platform.X, user);
        return new Settled(endpoint, awaitSettled(endpoint.id(), 1).get(0));
    }

    /** Connects an account and waits until another endpoint got it: by then the outbox has handled the event. */
    private void connectWhileAWitnessWatches(String user) {
        try (WebhookReceiver other = WebhookReceiver.start()) {
            WebhookApi.Endpoint witness = webhooks.create(other.url(), null);
            accounts.connected(tenant.workspace(), Platform.X, user);
            awaitSettled(witness.id(), 1);
        }
    }

    /** Waits until the endpoint has {@code count} deliveries and none is pending; newest first. */
    private JsonNode awaitSettled(String endpointId, int count) {
        return await().atMost(PATIENCE).until(() -> webhooks.deliveries(endpointId), deliveries -> {
            if (deliveries.size() < count) {
                return false;
            }
            for (JsonNode delivery : deliveries) {
                if (delivery.get("status").asText().equals("pending")) {
                    return false;
                }
            }
            return true;
        });
    }

    private static List<Integer> statusCodes(JsonNode delivery) {
        List<Integer> codes = new ArrayList<>();
        delivery.get("attempts").forEach(attempt -> codes.add(attempt.get("statusCode").asInt()));
        return codes;
    }
}
