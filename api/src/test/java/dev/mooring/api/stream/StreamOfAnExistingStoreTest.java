package dev.mooring.api.stream;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.EventStreamClient;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.stream.WorkspaceEventsProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.codec.ServerSentEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event store from before the stream had its own table: on the first start with it, the
 * workspace-events processor begins at the start of the store, so the old events are streamed too.
 */
class StreamOfAnExistingStoreTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private String[] settings() {
        return new String[]{"mooring.data-dir=" + dataDir, "mooring.events.poll-interval=50ms", "mooring.events.heartbeat=1s"};
    }

    @Test
    void eventsStoredBeforeTheProcessorExistedAreStreamedInTheirOrder() throws Exception {
        String key;
        WorkspaceId workspace;
        List<String> old;
        try (RunningMooring before = RunningMooring.start(settings())) {
            key = Files.readString(dataDir.resolve("dev-api-key")).trim();
            workspace = before.bean(ApiKeys.class).authenticate(key).orElseThrow().workspace();
            ConnectService connect = before.bean(ConnectService.class);
            old = List.of(connect.connect(TestAccounts.connection(workspace, Platform.X, "old-1")).value(),
                    connect.connect(TestAccounts.connection(workspace, Platform.X, "old-2")).value());
            Jdbi jdbi = before.bean(Jdbi.class);
            await().atMost(PATIENCE).until(() -> count(jdbi, "select count(*) from workspace_events") == 2);

            // as an install from before: the processor never ran, its table is empty
            before.bean(EventProcessingConfiguration.class).eventProcessor(WorkspaceEventsProjection.PROCESSING_GROUP)
                    .orElseThrow().shutDown();
            jdbi.useHandle(h -> {
                h.execute("delete from workspace_events");
                h.execute("delete from token_entry where processor_name = ?", WorkspaceEventsProjection.PROCESSING_GROUP);
            });
        }

        try (RunningMooring after = RunningMooring.start(settings());
             EventStreamClient stream = EventStreamClient.open(port(after), "Bearer " + key, "0")) {
            await().atMost(PATIENCE).until(() -> stream.events().size() >= 2);
            String fresh = after.bean(ConnectService.class)
                    .connect(TestAccounts.connection(workspace, Platform.X, "new")).value();
            await().atMost(PATIENCE).until(() -> stream.events().size() >= 3);

            List<ServerSentEvent<String>> events = stream.events();
            assertThat(events).extracting(ServerSentEvent::event).containsOnly("account.connected");
            assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2", "3");
            assertThat(events.get(0).data()).contains(old.get(0));
            assertThat(events.get(1).data()).contains(old.get(1));
            assertThat(events.get(2).data()).contains(fresh);
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static int port(RunningMooring mooring) {
        return Integer.parseInt(mooring.context().getEnvironment().getProperty("local.server.port"));
    }
}
