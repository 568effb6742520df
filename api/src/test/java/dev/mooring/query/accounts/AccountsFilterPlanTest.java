package dev.mooring.query.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.query.FindAccounts;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of a crowded workspace, filtered or not, reads only the rows it answers, through the index
 * for its filter, and stops at the limit: no Sort over the workspace, nothing read and thrown away. Fails if an index of
 * V2026_12_03_60 goes, if the page statement goes back to one catch-all for every filter, or if it
 * reads through the {@code accounts} view again (which sorted every matching row for each page).
 * (In this package to explain the very statement {@link AccountsDao} runs.)
 */
@MooringTest
// a database of its own: the crowd stays out of every other test's reads
@TestPropertySource(properties = "mooring.data-dir=target/test-data/filter-plan-${random.uuid}")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsFilterPlanTest {

    private static final int CROWD = 5_000;
    /**
     * Of each workspace's accounts, every 250th is a revoked Pinterest one; the other 100ths are active
     * Pinterest ones, the other 7ths revoked X ones, the rest active X ones.
     */
    private static final int PINTEREST_REVOKED = CROWD / 250;
    private static final int PINTEREST = CROWD / 100 + PINTEREST_REVOKED / 2;

    @Autowired
    Jdbi jdbi;
    @Autowired
    TestAccounts accounts;
    @Autowired
    WebTestClient http;
    @Autowired
    ObjectMapper json;

    Tenant tenant;
    String table;
    /** Account ids of this workspace: {@code acc_<run>} and the row's number, in insertion order. */
    String idPrefix;

    @BeforeAll
    void crowdedWorkspace() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build(); // the first page after the start may be slow on a busy machine
        tenant = accounts.tenant();
        idPrefix = "acc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        table = jdbi.withHandle(h -> h.createQuery("select current_table from read_model_version where read_model = 'accounts'")
                .mapTo(String.class).one());
        jdbi.useHandle(h -> {
            // this workspace's accounts, and as many of another workspace's, their ids interleaved
            for (String workspace : List.of(tenant.workspace().value(), "wks_" + idPrefix.substring(4))) {
                h.createUpdate("""
                                insert into <table> (account_id, workspace_id, platform, platform_user_id, status, connected_at, version)
                                select :prefix || lpad(g::text, 6, '0') || :suffix, :workspace,
                                       case when g % 250 = 0 or g % 100 = 0 then 'pinterest' else 'x' end,
                                       'user-' || g,
                                       case when g % 250 = 0 or (g % 7 = 0 and g % 100 <> 0) then 'revoked' else 'active' end,
                                       now(), 1
                                  from generate_series(1, :rows) g""")
                        .define("table", table)
                        .bind("prefix", idPrefix)
                        .bind("suffix", workspace.equals(tenant.workspace().value()) ? "" : "o")
                        .bind("workspace", workspace)
                        .bind("rows", CROWD)
                        .execute();
            }
            h.execute("analyze " + table); // as autovacuum would after such a load
        });
    }

    @Test
    void platformAndStatusTogetherReadOnlyTheirRowsThroughTheirIndex() throws Exception {
        JsonNode plan = explain(new FindAccounts(tenant.workspace(), Platform.PINTEREST, AccountStatus.REVOKED, null, 50));
        assertReadThrough(plan, table + "_by_workspace_platform_status", PINTEREST_REVOKED);
    }

    @Test
    void aLaterPageStartsAtItsCursorInTheIndex() throws Exception {
        String after = id(CROWD / 2);
        JsonNode plan = explain(new FindAccounts(tenant.workspace(), Platform.PINTEREST, AccountStatus.REVOKED, after, 50));
        assertReadThrough(plan, table + "_by_workspace_platform_status", PINTEREST_REVOKED / 2);
    }

    @Test
    void theUnfilteredPageReadsOnlyItsRows() throws Exception {
        JsonNode plan = explain(new FindAccounts(tenant.workspace(), null, null, null, 50));
        assertReadThrough(plan, table + "_by_workspace", 51);
    }

    @Test
    void statusAloneHasItsOwnIndex() throws Exception {
        JsonNode plan = explain(new FindAccounts(tenant.workspace(), null, AccountStatus.REVOKED, null, 50));
        assertReadThrough(plan, table + "_by_workspace_status", 51);
    }

    @Test
    void platformAloneHasItsOwnIndex() throws Exception {
        JsonNode plan = explain(new FindAccounts(tenant.workspace(), Platform.PINTEREST, null, null, 50));
        assertReadThrough(plan, table + "_by_workspace_platform", PINTEREST);
    }

    @Test
    void theFilteredListPagesThroughEveryMatchOnceOverHttp() throws Exception {
        List<String> seen = new ArrayList<>();
        String path = "/v1/accounts?platform=pinterest&status=revoked&limit=7";
        while (path != null) {
            JsonNode body = getJson(path);
            body.get("data").forEach(account -> {
                assertThat(account.get("platform").asText()).isEqualTo("pinterest");
                assertThat(account.get("status").asText()).isEqualTo("revoked");
                seen.add(account.get("id").asText());
            });
            JsonNode next = body.get("nextCursor");
            path = next.isNull() ? null : "/v1/accounts?platform=pinterest&status=revoked&limit=7&cursor=" + next.asText();
        }
        List<String> expected = new ArrayList<>();
        for (int g = 250; g <= CROWD; g += 250) {
            expected.add(id(g));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    /**
     * The plan reads the current table through {@code index} (in key order, or a bitmap of few
     * matches), at most {@code rows} rows (the matches, or the limit's 51 when more match) and none
     * read only to be dropped by a filter; whatever is sorted is at most the two tables' pages, never
     * the workspace.
     */
    private void assertReadThrough(JsonNode plan, String index, int rows) {
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        nodes.stream()
                .filter(node -> node.get("Node Type").asText().endsWith("Sort"))
                .forEach(sort -> assertThat(sort.at("/Plans/0/Actual Rows").asLong()).as("rows sorted in %s", plan).isLessThanOrEqualTo(2 * 51));
        List<JsonNode> scans = nodes.stream()
                .filter(node -> node.path("Relation Name").asText().equals(table))
                .toList();
        assertThat(scans).as("scans of %s in %s", table, plan).hasSize(1);
        JsonNode scan = scans.get(0);
        String type = scan.get("Node Type").asText();
        assertThat(type).as("plan %s", plan).isIn("Index Scan", "Index Only Scan", "Bitmap Heap Scan");
        String used = type.equals("Bitmap Heap Scan") ? scan.at("/Plans/0/Index Name").asText() : scan.get("Index Name").asText();
        assertThat(used).as("plan %s", plan).isEqualTo(index);
        assertThat(scan.get("Actual Rows").asLong()).as("plan %s", plan).isLessThanOrEqualTo(rows);
        assertThat(scan.path("Rows Removed by Filter").asLong(0)).isZero();
    }

    private String id(int row) {
        return idPrefix + String.format("%06d", row);
    }

    private JsonNode explain(FindAccounts query) throws Exception {
        String plan = jdbi.withHandle(h -> AccountsPageQuery.bind(h.createQuery(
                        "explain (analyze, format json) " + AccountsPageQuery.sql(AccountsDao.COLUMNS, query)), query)
                .mapTo(String.class)
                .one());
        return json.readTree(plan).get(0).get("Plan");
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("Plans").forEach(child -> collect(child, into));
    }

    private JsonNode getJson(String path) throws Exception {
        byte[] body = http.get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }
}
