package dev.mooring.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.webhooks.WebhookOutbox;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox and its processor's token are in PostgreSQL: a stop loses no webhook and repeats none. */
class WebhookRestartTest {

    @TempDir
    Path dataDir;

    private String[] settings() {
        return new String[]{"mooring.data-dir=" + dataDir, "mooring.webhooks.poll-interval=50ms",
                "mooring.webhooks.retry-schedule=" + String.join(",", Collections.nCopies(30, "300ms"))};
    }

    @Test
    void webhooksQueuedOrNotYetQueuedAtAStopAreDeliveredOnceAfterTheRestart() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().answering(n -> 503)) {
            String endpointId;
            TestAccounts.Tenant tenant;
            List<String> accounts = new ArrayList<>();
            try (RunningMooring first = RunningMooring.start(settings())) {
                String key = Files.readString(dataDir.resolve("dev-api-key")).trim();
                WorkspaceId workspace = first.bean(ApiKeys.class).authenticate(key).orElseThrow().workspace();
                tenant = new TestAccounts.Tenant(workspace, key);
                endpointId = new WebhookApi(first.http(), tenant).create(receiver.url(), null).id();
                ConnectService connect = first.bean(ConnectService.class);

                // queued and tried (503) before the stop
                accounts.add(connect.connect(TestAccounts.connection(workspace, Platform.X, "queued")).value());
                await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received().isEmpty());

                // stored but not yet queued: the outbox processor is stopped, its token stays before this event
                first.bean(EventProcessingConfiguration.class).eventProcessor(WebhookOutbox.PROCESSING_GROUP)
                        .orElseThrow().shutDown();
                accounts.add(connect.connect(TestAccounts.connection(workspace, Platform.X, "unqueued")).value());
            }
            receiver.answering(n -> 200);

            try (RunningMooring second = RunningMooring.start(settings())) {
                WebhookApi webhooks = new WebhookApi(second.http(), tenant);
                JsonNode deliveries = await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.deliveries(endpointId),
                        list -> list.size() == 2 && allSucceeded(list));

                assertThat(deliveries).hasSize(2);
                List<String> delivered = receiver.received().stream()
                        .filter(request -> request.body().contains("\"account.connected\""))
                        .map(request -> request.header("webhook-id"))
                        .distinct().toList();
                assertThat(delivered).hasSize(2);
                for (String accountId : accounts) {
                    assertThat(receiver.received()).anyMatch(request -> request.body().contains(AccountId.PREFIX)
                            && request.body().contains(accountId));
                }
                // only retries of the first event came before its success; nothing is sent twice after
                assertThat(receiver.received().stream().filter(r -> r.body().contains(accounts.get(1))).count()).isEqualTo(1);

                second.http().post().uri("/admin/v1/rebuilds/accounts").exchange().expectStatus().isNotFound();
            }
        }
    }

    private static boolean allSucceeded(JsonNode deliveries) {
        for (JsonNode delivery : deliveries) {
            if (!delivery.get("status").asText().equals("succeeded")) {
                return false;
            }
        }
        return true;
    }
}
