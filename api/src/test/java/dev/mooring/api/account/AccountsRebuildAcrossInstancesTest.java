package dev.mooring.api.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.ExternalPostgres;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: a rebuild started on one is seen on the other, which starts no
 * second one; when it switches, both read the rebuilt table, and what is written afterwards on
 * either is read on both.
 */
class AccountsRebuildAcrossInstancesTest {

    private static final String ADMIN_TOKEN = "two-instances-admin";
    private static final String REBUILDS = "/admin/v1/rebuilds/accounts";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    static ExternalPostgres postgres;

    @TempDir
    Path first;
    @TempDir
    Path second;

    @BeforeAll
    static void startPostgres() {
        postgres = ExternalPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void bothInstancesReadTheSwitchedTable() {
        String url = postgres.newDatabase();
        String masterKey = Base64.getEncoder().encodeToString(new byte[32]);
        try (RunningMooring one = start(url, masterKey, first); RunningMooring two = start(url, masterKey, second)) {
            WorkspaceId workspace = one.bean(ApiKeys.class).createWorkspace("two instances");
            String bearer = "Bearer " + one.bean(ApiKeys.class).create(workspace, "test").key();
            AccountId before = TestAccounts.of(one).connect(workspace, Platform.X, "before");
            await().atMost(PATIENCE).untilAsserted(() -> account(two, bearer, before).expectStatus().isOk());
            String oldTable = status(one).path("readTable").asText();

            String target = oldTable.equals("accounts_a") ? "accounts_b" : "accounts_a";
            try (Handle blocker = one.bean(Jdbi.class).open()) {
                // holds the replay at the account's connect, so the rebuild is surely under way meanwhile
                blocker.begin();
                blocker.createUpdate("insert into " + target + """
                                 (account_id, workspace_id, platform, platform_user_id, status, connected_at, version)
                                values (:id, :ws, 'x', 'blocker', 'active', now(), -1)""")
                        .bind("id", before.value()).bind("ws", workspace.value()).execute();

                admin(two).post().uri(REBUILDS).exchange().expectStatus().isAccepted()
                        .expectBody().jsonPath("$.state").isEqualTo("rebuilding").jsonPath("$.rebuildTable").isEqualTo(target);
                admin(one).post().uri(REBUILDS).exchange().expectStatus().isAccepted()
                        .expectBody().jsonPath("$.startedAt").isEqualTo(status(two).path("startedAt").asText());
                JsonNode during = status(one);
                assertThat(during.path("state").asText()).isEqualTo("rebuilding");
                assertThat(during.path("readTable").asText()).isEqualTo(oldTable);
                blocker.rollback();
            }
            await().atMost(PATIENCE).until(() -> status(one).path("state").asText().equals("finished"));

            JsonNode seenByOne = status(one);
            JsonNode seenByTwo = status(two);
            assertThat(seenByOne.path("readTable").asText()).isNotEqualTo(oldTable).isEqualTo(seenByTwo.path("readTable").asText());
            assertThat(seenByTwo.path("state").asText()).isEqualTo("finished");
            assertThat(seenByTwo.path("finishedAt").asText()).isEqualTo(seenByOne.path("finishedAt").asText());

            for (RunningMooring instance : new RunningMooring[] {one, two}) {
                account(instance, bearer, before).expectStatus().isOk()
                        .expectBody().jsonPath("$.platformUserId").isEqualTo("before");
            }
            AccountId after = TestAccounts.of(two).connect(workspace, Platform.X, "after");
            await().atMost(PATIENCE).untilAsserted(() -> {
                account(one, bearer, after).expectStatus().isOk();
                account(two, bearer, after).expectStatus().isOk();
            });
            one.http().get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.data.length()").isEqualTo(2);
        }
    }

    private static RunningMooring start(String url, String masterKey, Path dataDir) {
        return RunningMooring.start("mooring.data-dir=" + dataDir, "mooring.database.url=" + url,
                "mooring.database.user=postgres", "mooring.database.password=", "mooring.master-key=" + masterKey,
                "mooring.admin.token=" + ADMIN_TOKEN);
    }

    

    private static WebTestClient.ResponseSpec account(RunningMooring instance, String bearer, AccountId id) {
        return instance.http().get().uri("/v1/accounts/" + id.value()).header(HttpHeaders.AUTHORIZATION, bearer).exchange();
    }

    private static WebTestClient admin(RunningMooring instance) {
        return instance.http().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static JsonNode status(RunningMooring instance) {
        byte[] body = admin(instance).get().uri(REBUILDS).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
