package dev.mooring.api.handout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.auth.ApiKeys.NewKey;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.kernel.query.AccountView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/accounts/{id}/access-token}: the account's current token for a {@code tokens:read}
 * key, renewed first when due (once, however many callers arrive together), never kept for an
 * {@code Idempotency-Key}, and every hand-out a {@code token.accessed} entry in the account's
 * history naming the key, without the token.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ExtendWith(OutputCaptureExtension.class)
class TokenHandOutTest {

    /** Past the test PDS's 2-hour access tokens, so a session made this far back is expired now. */
    private static final Duration BEFORE_EXPIRY = Duration.ofHours(2).plusMinutes(1);

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    TestPds pds;
    @Autowired
    CommandGateway commands;
    @Autowired
    Jdbi jdbi;
    @Autowired
    ObjectMapper json;

    Tenant tenant;
    NewKey sdk;

    record Answer(int status, HttpHeaders headers, String body) {
    }

    /** Each concurrent caller on a thread of its own: the common pool may have one thread (two cores) and its callers block. */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @BeforeEach
    void workspaceWithATokenKey() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        tenant = accounts.tenant();
        sdk = keys.create(tenant.workspace(), "posting sdk", EnumSet.of(ApiScope.TOKENS_READ));
    }

    @Test
    void anExpiredBlueskySessionIsRenewedOnceThenHandedOutAndEachHandOutIsInTheHistory(CapturedOutput output) throws Exception {
        TestPds.Account user = pds.createAccount("handout-" + System.nanoTime() + ".test");
        String appPassword = pds.createAppPassword(user);
        // other tests sharing the PDS may have moved its clock: from real time, back past a session's life
        pdsClockAt(Instant.now().minus(BEFORE_EXPIRY));
        String id;
        try {
            id = json.readTree(http.post().uri("/v1/accounts/connect/bluesky/complete")
                    .header(HttpHeaders.AUTHORIZATION, tenant.bearer()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("identifier", user.handle(), "appPassword", appPassword))
                    .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBodyContent()).get("id").asText();
        } finally {
            pdsClockAt(Instant.now());
        }
        assertThat(pds.refreshes(user)).isZero();

        // callers arriving together: one refresh, and each of them gets the renewed token
        List<CompletableFuture<Answer>> together = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> handOut(id, sdk.key(), null), callers)).toList();
        List<Answer> answers = together.stream().map(CompletableFuture::join).toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
        assertThat(pds.refreshes(user)).isEqualTo(1);
        JsonNode first = json.readTree(answers.get(0).body());
        String token = first.get("accessToken").asText();
        assertThat(answers).allSatisfy(answer -> assertThat(json.readTree(answer.body()).get("accessToken").asText()).isEqualTo(token));
        assertThat(first.get("platform").asText()).isEqualTo("bluesky");
        Instant expiresAt = Instant.parse(first.get("expiresAt").asText());
        assertThat(expiresAt).isAfter(Instant.now().plus(Duration.ofHours(1)));
        assertThat(expiresAt.getEpochSecond()).as("the access JWT's own expiry").isEqualTo(jwtExpiry(token));
        assertThat(answers.get(0).headers().getCacheControl()).isEqualTo("no-store");
        assertThat(first.fieldNames()).toIterable().containsExactlyInAnyOrder("accessToken", "expiresAt", "platform");

        List<JsonNode> handOuts = tokenAccesses(id);
        assertThat(handOuts).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.at("/data/keyId").asText()).isEqualTo(sdk.id());
            assertThat(entry.at("/data/accountId").asText()).isEqualTo(id);
            assertThat(Instant.parse(entry.at("/data/accessedAt").asText())).isBefore(Instant.now());
        });
        String history = history(id);
        assertThat(history).contains("token.refreshed").doesNotContain(token);
        assertThat(output.getAll()).doesNotContain(token);
        pds.assertNoSecretIn(output.getAll());
        pds.assertNoSecretIn(history);
    }

    @Test
    void aTokenThatIsNotDueIsHandedOutAsItIsAndNeverKeptForAnIdempotencyKey() throws Exception {
        AccountView account = accounts.connected(tenant.workspace(), Platform.X, "handout-x-" + System.nanoTime());
        String id = account.id().value();
        int keptBefore = DatabaseRows.of(jdbi, "idempotency_keys").size();

        Answer first = handOut(id, sdk.key(), "sdk-retry-1");
        Answer again = handOut(id, sdk.key(), "sdk-retry-1");

        for (Answer answer : List.of(first, again)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().getFirst("Idempotent-Replayed")).as("handed out anew, never replayed").isNull();
            JsonNode body = json.readTree(answer.body());
            assertThat(body.get("accessToken").asText()).isEqualTo(TestAccounts.CANARY_ACCESS);
            assertThat(Instant.parse(body.get("expiresAt").asText())).isEqualTo(account.tokenExpiresAt());
            assertThat(body.get("platform").asText()).isEqualTo("x");
        }
        assertThat(DatabaseRows.of(jdbi, "idempotency_keys")).as("nothing kept").hasSize(keptBefore)
                .allSatisfy(row -> assertThat(row.toString()).doesNotContain(TestAccounts.CANARY_ACCESS));
        assertThat(tokenAccesses(id)).hasSize(2);
    }

    @Test
    void noTokenWithoutTheScopeForARevokedAccountOrForAnotherWorkspace() throws Exception {
        String id = accounts.connected(tenant.workspace(), Platform.X, "handout-refused-" + System.nanoTime()).id().value();

        Answer defaultKey = handOut(id, tenant.key(), null);
        assertThat(defaultKey.status()).isEqualTo(403);
        assertThat(json.readTree(defaultKey.body()).at("/error/code").asText()).isEqualTo("insufficient_scope");
        assertThat(json.readTree(defaultKey.body()).at("/error/message").asText()).isEqualTo("this API key lacks the scope tokens:read");

        Tenant other = accounts.tenant();
        NewKey theirs = keys.create(other.workspace(), "their sdk", EnumSet.allOf(ApiScope.class));
        Answer stranger = handOut(id, theirs.key(), null);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(json.readTree(stranger.body()).at("/error/code").asText()).isEqualTo("not_found");
        assertThat(handOut("acc_not-an-id", sdk.key(), null).status()).isEqualTo(404);

        commands.sendAndWait(new RevokeAccount(new AccountId(id), ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"));
        Answer revoked = handOut(id, sdk.key(), null);
        assertThat(revoked.status()).isEqualTo(422);
        assertThat(json.readTree(revoked.body()).at("/error/code").asText()).isEqualTo("platform_auth_failed");

        for (Answer refused : List.of(defaultKey, stranger, revoked)) {
            assertThat(refused.body()).doesNotContain(TestAccounts.CANARY_ACCESS);
        }
        assertThat(tokenAccesses(id)).as("nothing was handed out").isEmpty();

        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();
        Answer gone = handOut(id, sdk.key(), null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(json.readTree(gone.body()).at("/error/code").asText()).isEqualTo("not_found");
    }

    private Answer handOut(String accountId, String key, String idempotencyKey) {
        WebTestClient.RequestHeadersSpec<?> request = http.post().uri("/v1/accounts/" + accountId + "/access-token")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        byte[] body = result.getResponseBodyContent();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(),
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    private String history(String accountId) {
        return new String(http.get().uri("/v1/accounts/" + accountId + "/history?limit=100")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
    }

    private List<JsonNode> tokenAccesses(String accountId) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        json.readTree(history(accountId)).get("data").forEach(entry -> {
            if (entry.get("type").asText().equals("token.accessed")) {
                entries.add(entry);
            }
        });
        return entries;
    }

    private void pdsClockAt(Instant at) {
        pds.advance(Duration.between(pds.now(), at));
    }

    private long jwtExpiry(String jwt) throws Exception {
        return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).get("exp").asLong();
    }
}
