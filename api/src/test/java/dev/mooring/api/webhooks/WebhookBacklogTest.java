package dev.mooring.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the real, hours-long retry schedule: an endpoint that answers again gets its backlog at once. */
class WebhookBacklogTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aSuccessMakesTheEndpointsWaitingDeliveriesDueNow() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start().answering(n -> 503);
             RunningMooring mooring = RunningMooring.start("mooring.data-dir=" + dataDir,
                     "mooring.webhooks.poll-interval=50ms", "mooring.webhooks.retry-schedule=1h")) {
            String key = Files.readString(dataDir.resolve("dev-api-key")).trim();
            WorkspaceId workspace = mooring.bean(ApiKeys.class).authenticate(key).orElseThrow().workspace();
            WebhookApi webhooks = new WebhookApi(mooring.http(), new TestAccounts.Tenant(workspace, key));
            String endpoint = webhooks.create(receiver.url(), null).id();
            ConnectService connect = mooring.bean(ConnectService.class);

            connect.connect(TestAccounts.connection(workspace, Platform.X, "while-down"));
            JsonNode waiting = await().atMost(PATIENCE).until(() -> webhooks.deliveries(endpoint),
                    list -> list.size() == 1 && list.get(0).get("attempts").size() == 1).get(0);
            assertThat(waiting.get("status").asText()).isEqualTo("pending"); // next try in an hour

            receiver.answering(n -> 200);
            connect.connect(TestAccounts.connection(workspace, Platform.X, "after-recovery"));

            JsonNode deliveries = await().atMost(PATIENCE).until(() -> webhooks.deliveries(endpoint),
                    list -> list.size() == 2 && list.get(0).get("status").asText().equals("succeeded")
                            && list.get(1).get("status").asText().equals("succeeded"));
            JsonNode recovered = deliveries.get(1); // newest first: the one that waited is second
            assertThat(recovered.get("id").asText()).isEqualTo(waiting.get("id").asText());
            assertThat(recovered.get("attempts")).extracting(a -> a.get("statusCode").asInt()).containsExactly(503, 200);
        }
    }
}
