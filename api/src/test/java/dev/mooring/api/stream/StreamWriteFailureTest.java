package dev.mooring.api.stream;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.EventStreamClient;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
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
 * An event that cannot be written to {@code workspace_events} holds the stream back until it can:
 * the processor retries it, it is never skipped, and nothing after it overtakes it.
 */
class StreamWriteFailureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void aFailedWriteIsRetriedNeverSkipped() throws Exception {
        try (RunningMooring mooring = RunningMooring.start("mooring.data-dir=" + dataDir,
                "mooring.events.poll-interval=50ms", "mooring.events.heartbeat=1s")) {
            String key = Files.readString(dataDir.resolve("dev-api-key")).trim();
            WorkspaceId workspace = mooring.bean(ApiKeys.class).authenticate(key).orElseThrow().workspace();
            Jdbi jdbi = mooring.bean(Jdbi.class);
            jdbi.useHandle(h -> h.execute("""
                    create function refuse_stream_write() returns trigger language plpgsql as $$
                    begin raise exception 'refused by the test'; end $$;
                    create trigger refuse_stream_write before insert on workspace_events for each row
                      when (new.data ->> 'platformUserId' = 'refused') execute function refuse_stream_write();"""));

            try (EventStreamClient stream = EventStreamClient.open(port(mooring), "Bearer " + key, null)) {
                await().atMost(PATIENCE).until(() -> stream.heartbeats() >= 1);
                ConnectService connect = mooring.bean(ConnectService.class);
                String refused = connect.connect(TestAccounts.connection(workspace, Platform.X, "refused")).value();
                String next = connect.connect(TestAccounts.connection(workspace, Platform.X, "next")).value();

                // both are in the event store (the read model shows them); the processor keeps failing on the first
                await().during(Duration.ofSeconds(4)).atMost(PATIENCE).until(() -> stream.events().isEmpty()
                        && jdbi.withHandle(h -> h.createQuery("select count(*) from workspace_events").mapTo(Long.class).one()) == 0);

                jdbi.useHandle(h -> h.execute("drop trigger refuse_stream_write on workspace_events"));
                await().atMost(PATIENCE).until(() -> stream.events().size() >= 2);

                List<ServerSentEvent<String>> events = stream.events();
                assertThat(events).extracting(ServerSentEvent::id).containsExactly("1", "2");
                assertThat(events.get(0).data()).contains(refused);
                assertThat(events.get(1).data()).contains(next);
            }
        }
    }

    private static int port(RunningMooring mooring) {
        return Integer.parseInt(mooring.context().getEnvironment().getProperty("local.server.port"));
    }
}
