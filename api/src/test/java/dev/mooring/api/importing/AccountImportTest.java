package dev.mooring.api.importing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.TestOAuthServer.Issued;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.StoredFootprint;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/accounts/import} over real HTTP: connections another tool held become accounts
 * exactly as connected ones (listed, with history, refreshed by the lifecycle against X's test
 * server), bad items are refused one by one with stable codes and leave nothing, and the batch limit
 * is {@code MOORING_IMPORT_MAX_BATCH}, set here under that name.
 */
@MooringWithTestPlatforms
@ContextConfiguration(initializers = AccountImportTest.Settings.class)
class AccountImportTest {

    static final int MAX_BATCH = 6;
    private static final String DID = "did:plc:abcdefghijklmnopqrstuvwx";

    static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("import-env",
                    Map.of("MOORING_IMPORT_MAX_BATCH", String.valueOf(MAX_BATCH))));
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    XTestServer x;
    @Autowired
    Jdbi jdbi;

    Tenant tenant;
    final Instant inNinetyDays = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        // a batch waits for its writes and the read model: on a loaded machine longer than the client's default 5 s
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private record Answer(int status, JsonNode body, String raw, HttpHeaders headers) {
        JsonNode result(int index) {
            return body.get("results").get(index);
        }

        String errorCode(int index) {
            return result(index).at("/error/code").asText();
        }
    }

    @Test
    void aBatchOfMixedPlatformsBecomesConnectedAccountsMarkedImported() {
        String token = "import-access-" + UUID.randomUUID();
        List<Map<String, Object>> batch = List.of(
                item("x", "x-import-1", token + "-x", "import-refresh-x", inNinetyDays),
                item("linkedin", "urn:li:person:import-1", token + "-li", null, inNinetyDays),
                with(item("pinterest", "pin-import-1", token + "-pin", "import-refresh-pin", inNinetyDays),
                        "extensions", Map.of("defaultBoard", Map.of("id", "board-7", "name", "Recipes"))),
                with(with(with(item("bluesky", DID, token + "-bsky", "import-refresh-bsky", null),
                        "pdsUrl", "https://pds.example.test"), "appPassword", "abcd-efgh-ijkl-mnop"), "externalId", "old-tool-42"),
                item("sandbox", "sandbox-import-1", token + "-sandbox", null, inNinetyDays));

        Answer answer = importBatch(tenant.bearer(), batch, null);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().get("imported").asInt()).isEqualTo(5);
        assertThat(answer.body().get("failed").asInt()).isZero();
        assertThat(answer.result(3).get("externalId").asText()).isEqualTo("old-tool-42");
        assertThat(answer.raw()).as("no token comes back").doesNotContain(token, "import-refresh", "abcd-efgh");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            assertThat(answer.result(i).get("index").asInt()).isEqualTo(i);
            assertThat(answer.result(i).has("error")).isFalse();
            ids.add(answer.result(i).get("accountId").asText());
        }

        // readable at once, as after a connect
        JsonNode listed = new ConnectApi(http, tenant).accounts();
        assertThat(listed).hasSize(5);
        for (JsonNode account : listed) {
            assertThat(ids).contains(account.get("id").asText());
            assertThat(account.get("status").asText()).isEqualTo("active");
            String user = account.get("platformUserId").asText();
            assertThat(account.get("displayName").asText()).isEqualTo("Name of " + user);
            assertThat(account.get("handle").asText()).isEqualTo("@" + user);
            assertThat(account.get("avatarUrl").asText()).isEqualTo("https://avatars.example/" + user + ".png");
        }
        JsonNode pinterest = get("/v1/accounts/" + ids.get(2));
        assertThat(pinterest.at("/extensions/defaultBoard/id").asText()).isEqualTo("board-7");
        assertThat(pinterest.get("tokenExpiresAt").asText()).isEqualTo(inNinetyDays.toString());

        JsonNode history = get("/v1/accounts/" + ids.get(0) + "/history").get("data");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("type").asText()).isEqualTo("account.connected");
        assertThat(history.get(0).at("/data/imported").asBoolean()).isTrue();
        assertThat(history.get(0).at("/data/reconnected").asBoolean()).isFalse();
        assertThat(history.toString()).doesNotContain(token);
    }

    @Test
    void anImportedXAccountIsRefreshedByTheLifecycleWithTheTokensItCameWith() {
        XTestServer.User user = new XTestServer.User("x-imported-" + System.nanoTime(), "Imported", "imported", null);
        Issued elsewhere = x.grantedElsewhere(user);
        // inside X's refresh margin: due within seconds of the import
        Instant expiresAt = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);

        Answer answer = importBatch(tenant.bearer(),
                List.of(item("x", user.id(), elsewhere.accessToken(), elsewhere.refreshToken(), expiresAt)), null);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        String id = answer.result(0).get("accountId").asText();

        await("the imported refresh token is used once").atMost(Duration.ofSeconds(60))
                .until(() -> x.refreshesWith(elsewhere.refreshToken()) == 1
                        && Instant.parse(get("/v1/accounts/" + id).get("tokenExpiresAt").asText()).isAfter(expiresAt.plusSeconds(600)));
        JsonNode account = get("/v1/accounts/" + id);
        assertThat(account.get("status").asText()).isEqualTo("active");
        assertThat(x.refreshTokensPresentedMoreThanOnce()).isEmpty();
        List<String> issued = x.refreshTokensIssuedTo(user);
        assertThat(issued).as("the rotated refresh token was issued").hasSize(2);
        List<String> types = new ArrayList<>();
        get("/v1/accounts/" + id + "/history").get("data").forEach(entry -> types.add(entry.get("type").asText()));
        assertThat(types).startsWith("account.connected", "token.refreshed");
    }

    @Test
    void everyItemOfAnInvalidBatchIsRefusedWithItsCodeAndNothingIsWritten() {
        Footprint before = footprint();
        Instant past = Instant.now().minusSeconds(60);
        List<Map<String, Object>> batch = List.of(
                item("myspace", "tom", "a-token", null, inNinetyDays),
                item("x", "x-no-refresh", "a-token", null, inNinetyDays),
                item("linkedin", "urn:li:person:expired", "a-token", null, past),
                item("facebook", "page-1", "a-token", null, null),
                item("pinterest", "pin-twice", "a-token", "a-refresh", inNinetyDays),
                item("pinterest", "pin-twice", "another-token", "another-refresh", inNinetyDays));

        Answer answer = importBatch(tenant.bearer(), batch, null);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(207);
        assertThat(answer.body().get("imported").asInt()).isZero();
        assertThat(answer.body().get("failed").asInt()).isEqualTo(6);
        assertThat(answer.errorCode(0)).isEqualTo("validation_failed");
        assertThat(answer.result(0).at("/error/message").asText()).contains("unknown platform").doesNotContain("myspace");
        assertThat(answer.errorCode(1)).isEqualTo("validation_failed");
        assertThat(answer.result(1).at("/error/message").asText()).contains("refreshToken is required for x");
        assertThat(answer.errorCode(2)).isEqualTo("validation_failed");
        assertThat(answer.result(2).at("/error/message").asText()).contains("must be in the future");
        assertThat(answer.errorCode(3)).isEqualTo("platform_not_enabled");
        assertThat(answer.result(3).at("/error/message").asText()).contains("MOORING_FACEBOOK_CLIENT_ID");
        assertThat(answer.errorCode(4)).isEqualTo("validation_failed");
        assertThat(answer.result(4).at("/error/message").asText()).contains("item 5 names the same platform user");
        assertThat(answer.result(5).at("/error/message").asText()).contains("item 4 names the same platform user");
        for (int i = 0; i < batch.size(); i++) {
            assertThat(answer.result(i).has("accountId")).isFalse();
        }
        assertThat(answer.raw()).doesNotContain("a-token", "a-refresh", "another-token");

        assertThat(footprint()).isEqualTo(before);
    }

    @Test
    void aMixedBatchImportsTheValidItemsAndAnswersMultiStatus() {
        Footprint before = footprint();

        Answer answer = importBatch(tenant.bearer(), List.of(
                item("x", "x-valid", "a-token", "a-refresh", inNinetyDays),
                item("x", "x-expired", "a-token", "a-refresh", Instant.now().minusSeconds(1)),
                with(with(item("bluesky", DID, "a-token", "a-refresh", null), "pdsUrl", "https://pds.example.test"),
                        "appPassword", "correct horse battery staple")), null);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(207);
        assertThat(answer.body().get("imported").asInt()).isEqualTo(1);
        assertThat(answer.result(0).get("accountId").asText()).startsWith("acc_");
        assertThat(answer.errorCode(1)).isEqualTo("validation_failed");
        assertThat(answer.errorCode(2)).isEqualTo("validation_failed");
        assertThat(answer.result(2).at("/error/message").asText()).contains("never give Mooring the account's main password");
        assertThat(answer.raw()).doesNotContain("horse");
        Footprint after = footprint();
        assertThat(after.stored().accounts()).isEqualTo(before.stored().accounts() + 1);
        assertThat(after.stored().identities()).isEqualTo(before.stored().identities() + 1);
        assertThat(after.events()).isEqualTo(before.events() + 1);
        assertThat(after.dataKeys()).isEqualTo(before.dataKeys() + 1);
    }

    @Test
    void anAccountTheWorkspaceHasConnectedIsNotReplacedByAnImport() {
        var connected = accounts.connected(tenant.workspace(), Platform.X, "x-taken");
        Footprint before = footprint();

        Answer answer = importBatch(tenant.bearer(),
                List.of(item("x", "x-taken", "stale-token", "stale-refresh", inNinetyDays)), null);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(207);
        assertThat(answer.errorCode(0)).isEqualTo("already_connected");
        assertThat(answer.result(0).at("/error/message").asText()).contains(connected.id().value());
        assertThat(footprint()).isEqualTo(before);
        assertThat(get("/v1/accounts/" + connected.id() + "/history").get("data")).hasSize(1);
    }

    @Test
    void aBatchOverTheLimitIsRefusedWholeAndAnEmptyOneIsInvalid() {
        Footprint before = footprint();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= MAX_BATCH; i++) {
            tooMany.add(item("x", "x-many-" + i, "a-token", "a-refresh", inNinetyDays));
        }

        Answer over = importBatch(tenant.bearer(), tooMany, null);
        assertThat(over.status()).as(over.raw()).isEqualTo(413);
        assertThat(over.body().at("/error/code").asText()).isEqualTo("batch_too_large");
        assertThat(over.body().at("/error/message").asText()).contains("at most " + MAX_BATCH);
        assertThat(over.body().at("/error/remediation").asText()).contains("MOORING_IMPORT_MAX_BATCH");

        Answer empty = importBatch(tenant.bearer(), List.of(), null);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().at("/error/code").asText()).isEqualTo("validation_failed");

        assertThat(footprint()).isEqualTo(before);
        // exactly at the limit is fine
        Answer full = importBatch(tenant.bearer(), tooMany.subList(0, MAX_BATCH), null);
        assertThat(full.status()).as(full.raw()).isEqualTo(200);
    }

    @Test
    void importNeedsItsOwnScope() {
        String withoutImport = "Bearer " + keys.create(tenant.workspace(), "no import",
                EnumSet.complementOf(EnumSet.of(ApiScope.ACCOUNTS_IMPORT))).key();
        String importOnly = "Bearer " + keys.create(tenant.workspace(), "import only", EnumSet.of(ApiScope.ACCOUNTS_IMPORT)).key();
        List<Map<String, Object>> batch = List.of(item("x", "x-scoped", "a-token", "a-refresh", inNinetyDays));

        Answer refused = importBatch(withoutImport, batch, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("insufficient_scope");
        assertThat(footprint().stored().accounts()).isZero();

        assertThat(importBatch(importOnly, batch, null).status()).isEqualTo(200);
        assertThat(ApiScope.DEFAULTS).as("a key made without naming scopes may import").contains(ApiScope.ACCOUNTS_IMPORT);
    }

    @Test
    void aReplayedImportAnswersTheKeptResponseAndImportsNothingTwice() {
        String key = "import-" + UUID.randomUUID();
        List<Map<String, Object>> batch = List.of(
                item("x", "x-replayed", "a-token", "a-refresh", inNinetyDays),
                item("myspace", "tom", "a-token", null, inNinetyDays));

        Answer first = importBatch(tenant.bearer(), batch, key);
        Footprint afterFirst = footprint();
        Answer replayed = importBatch(tenant.bearer(), batch, key);

        assertThat(first.status()).as(first.raw()).isEqualTo(207);
        assertThat(replayed.status()).isEqualTo(207);
        assertThat(replayed.raw()).isEqualTo(first.raw());
        assertThat(replayed.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(footprint()).isEqualTo(afterFirst);
        assertThat(afterFirst.stored().accounts()).isEqualTo(1);
        // without the key the same batch finds the account imported already
        assertThat(importBatch(tenant.bearer(), batch, null).errorCode(0)).isEqualTo("already_connected");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Map<String, Object> item(String platform, String userId, String accessToken, String refreshToken,
                                            Instant expiresAt) {
        Map<String, Object> item = new HashMap<>();
        item.put("platform", platform);
        item.put("platformUserId", userId);
        item.put("profile", Map.of("displayName", "Name of " + userId, "handle", "@" + userId,
                "avatarUrl", "https://avatars.example/" + userId + ".png"));
        item.put("accessToken", accessToken);
        if (refreshToken != null) {
            item.put("refreshToken", refreshToken);
        }
        if (expiresAt != null) {
            item.put("accessTokenExpiresAt", expiresAt.toString());
        }
        return item;
    }

    private static Map<String, Object> with(Map<String, Object> item, String field, Object value) {
        item.put(field, value);
        return item;
    }

    private Answer importBatch(String bearer, List<Map<String, Object>> batch, String idempotencyKey) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/accounts/import")
                .header(HttpHeaders.AUTHORIZATION, bearer).contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        EntityExchangeResult<byte[]> result = request.bodyValue(Map.of("accounts", batch)).exchange()
                .expectBody().returnResult();
        String raw = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
        return new Answer(result.getStatus().value(), ConnectApi.json(raw), raw, result.getResponseHeaders());
    }

    private JsonNode get(String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /**
     * What imports leave: the workspace's accounts and identities, the events that name the workspace
     * (not every event: other tests' accounts refresh meanwhile) and every data key.
     */
    private record Footprint(StoredFootprint stored, long events, long dataKeys) {
    }

    private Footprint footprint() {
        return jdbi.withHandle(handle -> new Footprint(StoredFootprint.of(jdbi, tenant.workspace()),
                handle.createQuery("select count(*) from domain_event_entry where position(convert_to(:ws, 'UTF8') in payload) > 0")
                        .bind("ws", tenant.workspace().value()).mapTo(Long.class).one(),
                handle.createQuery("select count(*) from data_keys").mapTo(Long.class).one()));
    }
}
