package dev.mooring.api.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.ShiftableClock;
import dev.mooring.api.platform.TestHttpServer;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.SecretForms;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Idempotency-Key} over real HTTP: a retry gets the first answer and runs nothing; the key for
 * another request is a conflict; keys belong to one workspace, expire after
 * {@code MOORING_IDEMPOTENCY_RETENTION} (an hour here, on a clock the test moves), and what they keep
 * is sealed.
 */
@MooringTest
@ContextConfiguration(initializers = IdempotencyTest.RetentionOfAnHour.class)
@Import({TestPdsConfig.class, IdempotencyTest.MovableClock.class})
@DirtiesContext // its clock and retention are its own
class IdempotencyTest {

    private static final String ENDPOINTS = "/v1/webhook-endpoints";

    /** The setting under the name docs/configuration.md lists, as the environment gives it. */
    static class RetentionOfAnHour implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                    "idempotency-env", Map.of("MOORING_IDEMPOTENCY_RETENTION", "1h")));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {
        @Bean
        @Primary
        ShiftableClock movableClock() {
            return new ShiftableClock();
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    Jdbi jdbi;
    @Autowired
    Clock clock;
    @Autowired
    TestPds pds;
    @LocalServerPort
    int port;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @AfterEach
    void clockAndPdsBackToNormal() {
        ((ShiftableClock) clock).reset();
        pds.failing(false);
    }

    private record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }

        boolean replayed() {
            return "true".equals(headers.getFirst(IdempotencyFilter.REPLAYED));
        }
    }

    @Test
    void aRetryAnswersTheFirstAnswerAndCreatesNothingMore() {
        String key = newKey();
        String body = endpoint("https://hooks.example/once");

        Answer first = send(HttpMethod.POST, ENDPOINTS, key, body);
        Answer retry = send(HttpMethod.POST, ENDPOINTS, key, body);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.replayed()).isFalse();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.json().get("secret").asText()).startsWith("whsec_").isEqualTo(first.json().get("secret").asText());
        assertThat(retry.headers().getContentType()).isEqualTo(first.headers().getContentType());
        assertThat(retry.headers().getFirst("x-request-id")).as("each answer has its own request id")
                .isNotEqualTo(first.headers().getFirst("x-request-id"));
        assertThat(retry.headers().getCacheControl()).isEqualTo("no-store");
        assertThat(endpointIds()).containsExactly(first.json().get("id").asText());
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndWritesNothing() {
        String key = newKey();
        Answer first = send(HttpMethod.POST, ENDPOINTS, key, endpoint("https://hooks.example/a"));

        Answer other = send(HttpMethod.POST, ENDPOINTS, key, endpoint("https://hooks.example/b"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("idempotency_conflict");
        assertThat(other.replayed()).isFalse();
        assertThat(other.body()).doesNotContain(key).doesNotContain("whsec_");
        assertThat(endpointIds()).containsExactly(first.json().get("id").asText());
        assertThat(send(HttpMethod.POST, ENDPOINTS, key, endpoint("https://hooks.example/a")).replayed())
                .as("the first request still replays").isTrue();
    }

    @Test
    void theSameKeyOnAnotherRouteIsAConflict() {
        String key = newKey();
        assertThat(send(HttpMethod.POST, ENDPOINTS, key, endpoint("https://hooks.example/route")).status()).isEqualTo(201);
        int keysBefore = apiKeyCount();

        Answer other = send(HttpMethod.POST, "/v1/api-keys", key, "{\"name\": \"route\"}");
        Answer otherQuery = send(HttpMethod.POST, ENDPOINTS + "?x=1", key, endpoint("https://hooks.example/route"));

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("idempotency_conflict");
        assertThat(otherQuery.errorCode()).isEqualTo("idempotency_conflict");
        assertThat(apiKeyCount()).isEqualTo(keysBefore);
        assertThat(endpointIds()).hasSize(1);
    }

    @Test
    void concurrentRequestsWithOneKeyRunTheHandlerOnce() throws Exception {
        String key = newKey();
        String body = endpoint("https://hooks.example/race");
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<CompletableFuture<Answer>> racing = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                racing.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return send(HttpMethod.POST, ENDPOINTS, key, body);
                }, pool));
            }
            start.countDown();
            List<Answer> answers = racing.stream().map(CompletableFuture::join).toList();

            List<Answer> ran = answers.stream().filter(a -> a.status() == 201 && !a.replayed()).toList();
            assertThat(ran).as("answers of the one run").hasSize(1);
            String id = ran.get(0).json().get("id").asText();
            assertThat(answers).allSatisfy(answer -> {
                if (answer.status() == 201) {
                    assertThat(answer.json().get("id").asText()).isEqualTo(id);
                } else {
                    assertThat(answer.status()).isEqualTo(409);
                    assertThat(answer.errorCode()).isEqualTo("idempotency_in_progress");
                    assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                }
            });
            assertThat(endpointIds()).containsExactly(id);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestStillRunningAnswersInProgressAndAnAbandonedOneIsTakenOverAfterAMinute() {
        String key = newKey();
        String body = endpoint("https://hooks.example/abandoned");
        String firstId = send(HttpMethod.POST, ENDPOINTS, key, body).json().get("id").asText();
        // as an instance that died mid-request leaves the key: claimed, no answer
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update idempotency_keys set claim_id = 'dead-instance', response_status = null,
                            sealed_response = null, claimed_until = :until
                        where workspace_id = :workspace and key_hash = :key""")
                .bind("until", clock.instant().plus(IdempotencyKeys.ABANDONED_AFTER))
                .bind("workspace", tenant.workspace().value())
                .bind("key", sha256(key))
                .execute());

        Answer running = send(HttpMethod.POST, ENDPOINTS, key, body);
        Answer conflicting = send(HttpMethod.POST, ENDPOINTS, key, endpoint("https://hooks.example/other"));
        ((ShiftableClock) clock).shift(IdempotencyKeys.ABANDONED_AFTER.plusSeconds(1));
        Answer takenOver = send(HttpMethod.POST, ENDPOINTS, key, body);

        assertThat(running.status()).isEqualTo(409);
        assertThat(running.errorCode()).isEqualTo("idempotency_in_progress");
        assertThat(running.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(conflicting.errorCode()).as("another request is a conflict, running or not").isEqualTo("idempotency_conflict");
        assertThat(takenOver.status()).isEqualTo(201);
        assertThat(takenOver.replayed()).isFalse();
        assertThat(endpointIds()).containsExactlyInAnyOrder(firstId, takenOver.json().get("id").asText());
        assertThat(send(HttpMethod.POST, ENDPOINTS, key, body).json().get("id").asText())
                .isEqualTo(takenOver.json().get("id").asText());
    }

    @Test
    void aKeptAnswerThatNoLongerOpensIsNeverReplayedNorRunAgain() {
        String key = newKey();
        String body = endpoint("https://hooks.example/altered");
        String id = send(HttpMethod.POST, ENDPOINTS, key, body).json().get("id").asText();
        // as a row whose master key was retired, or that someone altered, reads
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update idempotency_keys set sealed_response = set_byte(sealed_response, 40, (get_byte(sealed_response, 40) + 1) % 256)
                        where workspace_id = :workspace and key_hash = :key""")
                .bind("workspace", tenant.workspace().value())
                .bind("key", sha256(key))
                .execute());

        Answer unreadable = send(HttpMethod.POST, ENDPOINTS, key, body);

        assertThat(unreadable.status()).isEqualTo(409);
        assertThat(unreadable.errorCode()).isEqualTo("idempotency_conflict");
        assertThat(unreadable.replayed()).isFalse();
        assertThat(endpointIds()).containsExactly(id);
    }

    @Test
    void aKeyBelongsToItsWorkspace() {
        String key = newKey();
        String body = endpoint("https://hooks.example/shared-key");
        Tenant other = accounts.tenant();

        Answer mine = send(HttpMethod.POST, ENDPOINTS, key, body);
        Answer theirs = send(other, HttpMethod.POST, ENDPOINTS, key, body);

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.replayed()).isFalse();
        assertThat(theirs.json().get("id").asText()).isNotEqualTo(mine.json().get("id").asText());
        assertThat(send(other, HttpMethod.POST, ENDPOINTS, key, body).json().get("id"))
                .isEqualTo(theirs.json().get("id"));
    }

    @Test
    void aDeleteWithAKeyIsReplayedWithoutDeletingAgain() {
        String id = send(HttpMethod.POST, ENDPOINTS, null, endpoint("https://hooks.example/doomed")).json().get("id").asText();
        String key = newKey();

        Answer deleted = send(HttpMethod.DELETE, ENDPOINTS + "/" + id, key, null);
        Answer retried = send(HttpMethod.DELETE, ENDPOINTS + "/" + id, key, null);
        Answer withoutKey = send(HttpMethod.DELETE, ENDPOINTS + "/" + id, null, null);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(retried.status()).isEqualTo(204);
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.body()).isEmpty();
        assertThat(withoutKey.status()).as("the delete ran once: it is gone").isEqualTo(404);
    }

    @Test
    void aRefusalIsKeptButAFailureThatMayPassIsNot() {
        String refusedKey = newKey();
        Answer refused = send(HttpMethod.POST, ENDPOINTS, refusedKey, endpoint("ftp://hooks.example/no"));
        Answer refusedAgain = send(HttpMethod.POST, ENDPOINTS, refusedKey, endpoint("ftp://hooks.example/no"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refusedAgain.status()).isEqualTo(400);
        assertThat(refusedAgain.replayed()).isTrue();
        assertThat(refusedAgain.body()).isEqualTo(refused.body());

        TestPds.Account account = pds.createAccount("idem-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        String connect = "{\"identifier\": \"" + account.handle() + "\", \"appPassword\": \"" + pds.createAppPassword(account) + "\"}";
        String key = newKey();
        pds.failing(true);
        Answer unavailable = send(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", key, connect);
        pds.failing(false);
        Answer retried = send(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", key, connect);
        Answer again = send(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", key, connect);

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.errorCode()).isEqualTo("platform_unavailable");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.replayed()).isFalse();
        assertThat(retried.json().get("platformUserId").asText()).isEqualTo(account.did());
        assertThat(again.replayed()).isTrue();
        assertThat(again.body()).isEqualTo(retried.body());
    }

    @Test
    void aClientThatHangsUpGetsTheAnswerOfTheRunItStartedWhenItRetries() throws Exception {
        try (HeldPds held = HeldPds.start()) {
            TestPds.Account account = pds.createAccount("held-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
            pds.moveTo(account, held.url());
            String key = newKey();
            String connect = "{\"identifier\": \"" + account.handle() + "\", \"appPassword\": \"" + pds.createAppPassword(account) + "\"}";

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.getOutputStream().write(rawPost("/v1/accounts/connect/bluesky/complete", key, connect));
                client.getOutputStream().flush();
                assertThat(held.loginArrived.await(30, TimeUnit.SECONDS)).as("the login reached the held PDS").isTrue();
            } // the client hangs up while Mooring waits for the PDS
            held.answer.countDown();
            Answer retried = await().atMost(Duration.ofSeconds(30)).until(
                    () -> send(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", key, connect),
                    answer -> !"idempotency_in_progress".equals(answer.errorCode()));

            assertThat(retried.replayed()).as(retried.body()).isTrue();
            assertThat(retried.status()).isEqualTo(422);
            assertThat(retried.errorCode()).isEqualTo("platform_rejected");
            assertThat(held.logins.get()).as("the PDS saw one login, not one per attempt").isOne();
        }
    }

    @Test
    void aKeyExpiresAfterTheRetentionAndExpiredKeysArePurged() {
        String key = newKey();
        String body = endpoint("https://hooks.example/expiring");
        String firstId = send(HttpMethod.POST, ENDPOINTS, key, body).json().get("id").asText();
        String forgotten = newKey();
        send(HttpMethod.POST, ENDPOINTS, forgotten, endpoint("https://hooks.example/forgotten"));

        ((ShiftableClock) clock).shift(Duration.ofMinutes(59));
        Answer withinTheHour = send(HttpMethod.POST, ENDPOINTS, key, body);
        ((ShiftableClock) clock).shift(Duration.ofMinutes(61));
        Answer afterTheHour = send(HttpMethod.POST, ENDPOINTS, key, body);

        assertThat(withinTheHour.replayed()).isTrue();
        assertThat(withinTheHour.json().get("id").asText()).isEqualTo(firstId);
        assertThat(afterTheHour.status()).isEqualTo(201);
        assertThat(afterTheHour.replayed()).as("the key starts afresh").isFalse();
        assertThat(afterTheHour.json().get("id").asText()).isNotEqualTo(firstId);
        assertThat(keyRows(forgotten)).as("an expired key no one sends again is purged by the next claim").isZero();
        assertThat(keyRows(key)).isOne();
    }

    @Test
    void aBadKeyIsRefusedAndNothingRuns() {
        String body = endpoint("https://hooks.example/bad-key");
        List<Answer> refused = List.of(
                send(HttpMethod.POST, ENDPOINTS, "", body),
                send(HttpMethod.POST, ENDPOINTS, "k".repeat(256), body),
                send(HttpMethod.POST, ENDPOINTS, "tab\there", body),
                sendWithKeys(List.of(newKey(), newKey()), body));

        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("validation_failed");
            assertThat(answer.body()).contains("Idempotency-Key");
        });
        assertThat(send(HttpMethod.POST, ENDPOINTS, "k".repeat(255), body).status()).as("255 characters are fine").isEqualTo(201);
        assertThat(endpointIds()).hasSize(1);
        assertThat(exchange(tenant, HttpMethod.GET, ENDPOINTS, List.of(""), null).status()).as("reads ignore the header").isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeTheKeyIsTaken() {
        String key = newKey();
        Answer huge = send(HttpMethod.POST, ENDPOINTS, key, endpoint("https://hooks.example/" + "x".repeat(300 * 1024)));

        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("validation_failed");
        assertThat(keyRows(key)).isZero();
        assertThat(endpointIds()).isEmpty();
    }

    @Test
    void keptAnswersHoldNoSecretInClear() {
        String key = "canary-idempotency-key-" + UUID.randomUUID();
        Answer minted = send(HttpMethod.POST, "/v1/api-keys", key, "{\"name\": \"sealed\"}");
        Answer endpoint = send(HttpMethod.POST, ENDPOINTS, newKey(), endpoint("https://hooks.example/sealed"));
        String apiKey = minted.json().get("key").asText();
        String signingSecret = endpoint.json().get("secret").asText();

        assertThat(apiKey).startsWith("mk_");
        assertThat(send(HttpMethod.POST, "/v1/api-keys", key, "{\"name\": \"sealed\"}").json().get("key").asText())
                .as("the kept answer opens again").isEqualTo(apiKey);
        assertThat(DatabaseRows.of(jdbi, "select sealed_response from idempotency_keys where workspace_id = :ws",
                Map.of("ws", tenant.workspace().value()))).hasSize(2)
                .allSatisfy(row -> assertThat((String) row.get("sealed_response")).isNotEmpty());
        SecretForms everywhere = new SecretForms().text("minted API key", apiKey).text("idempotency key", key)
                .text("webhook signing secret", signingSecret);
        List<String> sightings = new ArrayList<>();
        for (String table : DatabaseRows.tables(jdbi)) {
            sightings.addAll(everywhere.sightings(table, DatabaseRows.of(jdbi, table).toString()));
        }
        assertThat(DatabaseRows.tables(jdbi)).contains("idempotency_keys");
        assertThat(sightings).isEmpty();
    }

    private Answer send(HttpMethod method, String path, String key, String body) {
        return send(tenant, method, path, key, body);
    }

    private Answer send(Tenant who, HttpMethod method, String path, String key, String body) {
        return exchange(who, method, path, key == null ? List.of() : List.of(key), body);
    }

    private Answer sendWithKeys(List<String> keys, String body) {
        return exchange(tenant, HttpMethod.POST, ENDPOINTS, keys, body);
    }

    private Answer exchange(Tenant who, HttpMethod method, String path, List<String> keys, String body) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, who.bearer());
        if (!keys.isEmpty()) {
            request.header(IdempotencyFilter.HEADER, keys.toArray(String[]::new));
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        }
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        byte[] content = result.getResponseBodyContent();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(),
                content == null ? "" : new String(content, StandardCharsets.UTF_8));
    }

    private byte[] rawPost(String path, String key, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Authorization: " + tenant.bearer() + "\r\n"
                + IdempotencyFilter.HEADER + ": " + key + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] request = Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + body.length);
        System.arraycopy(body, 0, request, head.length(), body.length);
        return request;
    }

    /** A PDS that holds every login until told to answer, then refuses it (401, as for a wrong password). */
    private static final class HeldPds extends TestHttpServer {

        final CountDownLatch loginArrived = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        final AtomicInteger logins = new AtomicInteger();

        private HeldPds() {
            super("held pds");
            route("POST", "/xrpc/com.atproto.server.createSession", request -> {
                logins.incrementAndGet();
                loginArrived.countDown();
                try {
                    answer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return PlatformAnswer.json(401, "{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}");
            });
        }

        static HeldPds start() {
            return new HeldPds();
        }

        URI url() {
            return url("");
        }

        @Override
        public void close() {
            answer.countDown();
            super.close();
        }
    }

    private List<String> endpointIds() {
        return json(http.get().uri(ENDPOINTS).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .get("data").findValuesAsText("id");
    }

    private int apiKeyCount() {
        return json(http.get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .get("data").size();
    }

    private int keyRows(String key) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select count(*) from idempotency_keys where workspace_id = :ws and key_hash = :key")
                .bind("ws", tenant.workspace().value())
                .bind("key", sha256(key))
                .mapTo(Integer.class)
                .one());
    }

    private JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String endpoint(String url) {
        return "{\"url\": \"" + url + "\"}";
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
