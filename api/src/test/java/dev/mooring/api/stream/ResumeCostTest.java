package dev.mooring.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.EventStreamClient;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import dev.mooring.query.stream.LiveEventFeed;
import dev.mooring.query.stream.WorkspaceEvents;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resume costs what the caller's own workspace holds, not what the others do: ten events of one
 * workspace around 100,000 of another, and resuming reads about ten rows. Fails if the
 * {@code (workspace_id, position)} index goes, or if the stream reads everyone's rows and filters.
 */
@MooringTest
// a database of its own: no other test's accounts refresh in the background while rows are counted
@TestPropertySource(properties = "mooring.data-dir=target/test-data/resume-cost-${random.uuid}")
@DirtiesContext
class ResumeCostTest {

    private static final int CROWD = 100_000;
    private static final int OWN = 10;
    /** A backend holds back its table statistics for up to 10 s when idle (PostgreSQL's PGSTAT_IDLE_INTERVAL). */
    private static final Duration STATISTICS_SETTLE = Duration.ofSeconds(11);

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;
    @Autowired
    ObjectMapper json;
    @Autowired
    WorkspaceEvents workspaceEvents;
    @Autowired
    LiveEventFeed feed;

    @Test
    void resumingReadsOnlyTheCallersWorkspace() throws Exception {
        Tenant tenant = accounts.tenant();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < OWN / 2; i++) {
            mine.add(accounts.connected(tenant.workspace(), Platform.X, "before-" + i).id().value());
        }
        awaitStreamRows(tenant, OWN / 2);
        crowdAnotherWorkspace();
        for (int i = 0; i < OWN / 2; i++) {
            mine.add(accounts.connected(tenant.workspace(), Platform.X, "after-" + i).id().value());
        }
        awaitStreamRows(tenant, OWN);
        jdbi.useHandle(h -> h.execute("analyze workspace_events")); // as autovacuum would after such a load
        long head = workspaceEvents.head();
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.position() == head); // the live feed has read the crowd

        JsonNode plan = explain(tenant);
        assertThat(plan.get("Node Type").asText()).isEqualTo("Limit");
        JsonNode scan = plan.get("Plans").get(0);
        assertThat(scan.get("Node Type").asText()).isIn("Index Scan", "Index Only Scan");
        assertThat(scan.get("Index Name").asText()).isEqualTo("workspace_events_by_workspace");
        assertThat(scan.get("Actual Rows").asLong()).isEqualTo(OWN);
        assertThat(scan.path("Rows Removed by Filter").asLong(0)).isZero();

        long before = settledRowsRead();
        try (EventStreamClient resumed = EventStreamClient.open(port, tenant.bearer(), "0")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.events().size() >= OWN);
            List<String> accountIds = new ArrayList<>();
            for (ServerSentEvent<String> event : resumed.events()) {
                accountIds.add(json.readTree(event.data()).at("/data/accountId").asText());
            }
            assertThat(accountIds).containsExactlyElementsOf(mine);
        }
        long read = settledRowsRead() - before;
        assertThat(read).as("rows of workspace_events read by the resume").isBetween((long) OWN, 3L * OWN);
    }

    /** The other workspace's 100,000 rows in one insert, numbered on from the stream's head. */
    private void crowdAnotherWorkspace() {
        jdbi.useTransaction(h -> {
            // the projection appends meanwhile; the lock makes it wait, so positions stay dense
            h.execute("lock table workspace_events in exclusive mode");
            int rows = h.createUpdate("""
                            insert into workspace_events (position, workspace_id, event_id, type, occurred_at, data)
                            select head.position + g, 'wks_crowd', 'evt_crowd_' || g, 'token.refreshed', now(),
                                   jsonb_build_object('accountId', 'acc_crowd_' || (g % 1000), 'platform', 'x')
                              from (select coalesce(max(position), 0) as position from workspace_events) head,
                                   generate_series(1, :rows) g""")
                    .bind("rows", CROWD)
                    .execute();
            assertThat(rows).isEqualTo(CROWD);
        });
    }

    /** EXPLAIN ANALYZE of the very query a resume runs, for this workspace from the start. */
    private JsonNode explain(Tenant tenant) throws Exception {
        String plan = jdbi.withHandle(h -> h.createQuery("explain (analyze, format json) " + WorkspaceEvents.RESUME)
                .bind("workspace", tenant.workspace().value())
                .bind("after", 0L)
                .bind("upTo", Long.MAX_VALUE)
                .bind("limit", 500)
                .mapTo(String.class)
                .one());
        return json.readTree(plan).get(0).get("Plan");
    }

    private void awaitStreamRows(Tenant tenant, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from workspace_events where workspace_id = :workspace")
                .bind("workspace", tenant.workspace().value())
                .mapTo(Integer.class)
                .one()) == count);
    }

    /**
     * Rows of {@code workspace_events} read so far by every session, by sequential and by index scans,
     * once every session has reported: unchanged over the time an idle session may hold its counts.
     */
    private long settledRowsRead() throws InterruptedException {
        long previous = rowsRead();
        for (int attempt = 0; attempt < 6; attempt++) {
            Thread.sleep(STATISTICS_SETTLE.toMillis());
            long now = rowsRead();
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("workspace_events is still being read; its counts never settled");
    }

    private long rowsRead() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
                          from pg_stat_user_tables where relname = 'workspace_events'""")
                .mapTo(Long.class)
                .one());
    }
}
