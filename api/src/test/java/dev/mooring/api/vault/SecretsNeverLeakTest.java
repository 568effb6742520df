package dev.mooring.api.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.gate.GateRoutes;
import dev.mooring.api.platform.Browser;
import dev.mooring.api.platform.MetaTest;
import dev.mooring.api.platform.MetaTestServer;
import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer.Board;
import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.EventStreamClient;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.SecretForms;
import dev.mooring.api.support.StoredSecrets.Stored;
import dev.mooring.api.support.StoredSecrets;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.WebhookReceiver;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.DataKeys;
import dev.mooring.command.vault.KeyMaterial;
import dev.mooring.command.vault.SecretField;
import dev.mooring.command.vault.SecretVault;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RevokeAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guard every feature must pass: tokens, refresh tokens, app passwords and client secrets go in,
 * and none shows up in clear anywhere — not in an HTTP answer (body or headers), not in a log line
 * (with our packages at TRACE), not in any row of any table — and neither does a master key or a
 * data key.
 *
 * <p>Extend it as Mooring grows: a new route fails {@link #noSecretAppearsInClearAnywhere} until
 * {@link #driveEveryRoute} calls it with a success; a new table is scanned without being named; a new
 * kind of secret belongs in {@link #secrets}; a new way for tokens to arrive (a connector, a refresh)
 * belongs in {@link #driveEveryRoute} or {@link #haveAccountsInEveryState}.
 */
@MooringTest
@TestPropertySource(properties = {
        "mooring.master-keys=" + SecretsNeverLeakTest.MASTER_KEYS,
        "mooring.x.client-id=leak-x-client",
        "mooring.x.client-secret=" + SecretsNeverLeakTest.CLIENT_SECRET_X,
        "mooring.linkedin.client-id=leak-linkedin-client",
        "mooring.linkedin.client-secret=" + SecretsNeverLeakTest.CLIENT_SECRET_LINKEDIN,
        "mooring.admin.token=" + SecretsNeverLeakTest.ADMIN_TOKEN,
        "logging.level.dev.mooring=TRACE",
        "logging.level.org.axonframework=DEBUG",
        "logging.level.org.jdbi=TRACE",
        "logging.level.org.springframework.transaction=DEBUG",
        // the test client reuses a connection the instant a response arrives; Reactor Netty can then
        // count a finished request as active, and a graceful shutdown would wait out its 30 s for it
        "server.shutdown=immediate"})
@DirtiesContext // its log levels and keys are its own; no later test should share this application
@ContextConfiguration(initializers = MetaTestServers.Settings.class)
@Import({TestPdsConfig.class, MetaTest.SharedClock.class, SecretsNeverLeakTest.PinterestOnItsTestServer.class})
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest {

    private static final String OLD_MASTER_KEY = "Xgyz1J8VvA12ZSVIdbCS4x2u0KtiDR3UhPcFRSI9hbE=";
    private static final String NEW_MASTER_KEY = "p1ONpFeeAL3ljv2JjG/a9Yd99MaVV20Om0Ov3Hpxtrg=";
    static final String MASTER_KEYS = "leak-old:" + OLD_MASTER_KEY + ",leak-new:" + NEW_MASTER_KEY;
    static final String CLIENT_SECRET_X = "canary-x-client-secret-3b0e";
    static final String CLIENT_SECRET_LINKEDIN = "canary-linkedin-client-secret-91ad";
    static final String ADMIN_TOKEN = "leak-admin-token-5e21";
    private static final List<String> RAISED_LOGGERS = List.of(
            "dev.mooring", "org.axonframework", "org.jdbi", "org.springframework.transaction");
    /** The sandbox plays an upstream platform inside Mooring: its answers carry tokens by design. */
    private static final String UPSTREAM_ROUTES = "/sandbox/";
    /** Tables the issue names, and those later features added; every other table is scanned too. */
    private static final List<String> MUST_SCAN = List.of("domain_event_entry", "snapshot_event_entry", "accounts_a",
            "accounts_b", "saga_entry", "association_value_entry", "token_entry", "data_keys", "account_identities", "api_keys",
            "account_credentials", "connect_sessions", "scheduled_tasks", "sandbox_tokens", "idempotency_keys",
            "account_rate_limits", "connect_links");

    /** Pinterest, whose board choice keeps the user's tokens sealed while the connect waits; its client secret is a canary. */
    @TestConfiguration(proxyBeanMethods = false)
    static class PinterestOnItsTestServer {

        @Bean
        PinterestTestServer pinterestTestServer(Environment environment) {
            return new PinterestTestServer(() -> "http://localhost:" + environment.getProperty("local.server.port")
                    + "/v1/accounts/connect/pinterest/complete");
        }

        @Bean
        DynamicPropertyRegistrar pinterestSettings(PinterestTestServer pinterest) {
            return registry -> pinterest.mooringSettings().forEach((name, value) -> registry.add(name, () -> value));
        }
    }

    @DynamicPropertySource
    static void facebookUploadsOnItsTestServer(DynamicPropertyRegistry registry) {
        registry.add("mooring.facebook.upload-origins", () -> MetaTestServers.facebook().url("").toString());
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    CredentialsSealer sealer;
    @Autowired
    SecretVault vault;
    @Autowired
    DataKeys dataKeys;
    @Autowired
    Jdbi jdbi;
    @Autowired
    ApiKeys keys;
    /** Our controllers' routes and the actuator's. */
    @Autowired
    List<RequestMappingInfoHandlerMapping> routes;
    @Autowired
    TestPds pds;
    @Autowired
    PinterestTestServer pinterest;
    @LocalServerPort
    int port;

    private final List<Answer> answers = new ArrayList<>();
    /** Tokens the hand-out gave: each must be a secret the search knows, seen nowhere else. */
    private final List<String> handedOut = new ArrayList<>();
    /** What left Mooring other than as an answer to the test: webhook deliveries and the event stream. */
    private final Map<String, String> pushed = new LinkedHashMap<>();
    private final Map<AccountId, byte[]> dataKeyMaterial = new LinkedHashMap<>();
    private WebhookReceiver receiver;
    private String endpointId;
    private EventStreamClient stream;
    /** The Facebook user whose first Page is connected, through the API and again through the Connect page. */
    private FacebookTestServer.User facebookUser;

    private record Answer(HttpMethod method, String path, int status, HttpHeaders headers, String body) {
    }

    private record Accounts(Tenant tenant, Tenant other, AccountId x, AccountId bluesky, AccountId threads,
                            AccountId doomed, AccountId theirs) {
    }

    /** Accounts whose tokens an upstream issued during the test, and the app password given for one. */
    private record Connected(AccountId sandbox, AccountId bluesky, AccountId facebook, AccountId pinterest, String appPassword) {
        List<AccountId> all() {
            return List.of(sandbox, bluesky, facebook, pinterest);
        }
    }

    @AfterAll
    static void lowerTheLogLevelsAgain() {
        LoggingSystem logging = LoggingSystem.get(SecretsNeverLeakTest.class.getClassLoader());
        RAISED_LOGGERS.forEach(logger -> logging.setLogLevel(logger, null));
    }

    @Test
    void noSecretAppearsInClearAnywhere(CapturedOutput output) {
        Accounts made = haveAccountsInEveryState();
        Connected connected = driveEveryRoute(made);

        Map<String, String> evidence = new LinkedHashMap<>(pushed);
        answers.forEach(answer -> evidence.put("HTTP " + answer.method() + " " + answer.path() + " → " + answer.status(),
                answer.headers() + "\n" + answer.body()));
        List<String> tables = DatabaseRows.tables(jdbi);
        tables.forEach(table -> evidence.put("table " + table, DatabaseRows.of(jdbi, table).toString()));
        evidence.put("log output", output.getAll());

        SecretForms secrets = secrets(connected);
        List<String> sightings = new ArrayList<>();
        evidence.forEach((where, text) -> sightings.addAll(secrets.sightings(where, text)));
        // the test PDS knows every app password and JWT it handed out, and checks JWT signatures alone
        evidence.forEach((where, text) -> pds.assertNoSecretIn(text));

        // the search is not vacuous: everything it should look at was there to look at
        assertThat(secrets.sightings("a self-check", "…" + base64(TestAccounts.CANARY_REFRESH) + "…")).hasSize(1);
        assertThat(tables).containsAll(MUST_SCAN);
        for (String table : List.of("domain_event_entry", "snapshot_event_entry", "accounts", "token_entry", "data_keys",
                "saga_entry", "account_credentials", "idempotency_keys", "account_rate_limits")) {
            assertThat(DatabaseRows.of(jdbi, table)).as(table).isNotEmpty();
        }
        assertThat(output.getAll())
                .as("the capture holds the start and our DEBUG lines")
                .contains("Master keys configured: leak-old, leak-new")
                .contains("created the data key of " + made.x());
        assertThat(undrivenRoutes()).as("routes no request here succeeded on").isEmpty();
        assertThat(handedOut).as("the hand-out was driven").hasSize(2)
                .allSatisfy(token -> assertThat(secrets.sightings("a hand-out", token)).as("a token the search looks for").isNotEmpty());
        // and the rows do hold the secrets, sealed: snapshots included
        List<Stored> stored = StoredSecrets.of(jdbi, made.x());
        assertThat(stored).extracting(Stored::table).contains("domain_event_entry", "snapshot_event_entry");
        assertThat(stored).allSatisfy(secret ->
                assertThat(vault.decrypt(made.x(), secret.field(), secret.secret())).isIn(TestAccounts.CANARIES));
        assertThat(StoredSecrets.of(jdbi, connected.sandbox())).as("the sandbox's tokens, from connect and refresh")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(StoredSecrets.of(jdbi, connected.bluesky())).as("the test PDS's session and the app password")
                .extracting(Stored::field).contains(SecretField.APP_PASSWORD);
        assertThat(StoredSecrets.of(jdbi, connected.facebook())).as("the Page token the Facebook test server issued")
                .isNotEmpty();
        assertThat(StoredSecrets.of(jdbi, connected.pinterest())).as("the tokens Pinterest issued before the board was picked")
                .extracting(Stored::field).contains(SecretField.ACCESS_TOKEN, SecretField.REFRESH_TOKEN);
        assertThat(pushed).as("webhook deliveries and streamed events were collected").hasSizeGreaterThanOrEqualTo(2);

        assertThat(sightings).as("secrets seen in clear").isEmpty();
    }

    /**
     * Every state an account can be in today, each reached the way the service reaches it. Accounts
     * made here carry the canaries, in tokens that outlive every refresh margin, so the lifecycle
     * calls no real platform with them while the test runs.
     */
    private Accounts haveAccountsInEveryState() {
        Tenant tenant = accounts.tenant();
        Tenant other = accounts.tenant();
        watch(tenant);
        AccountId x = accounts.connected(tenant.workspace(), Platform.X, "leak-x").id();
        AccountId bluesky = accounts.connected(tenant.workspace(), Platform.BLUESKY, "leak.bsky.social").id();
        AccountId threads = accounts.connected(tenant.workspace(), Platform.THREADS, "leak-threads").id();
        AccountId doomed = accounts.connected(tenant.workspace(), Platform.X, "leak-doomed").id();
        AccountId theirs = accounts.connected(other.workspace(), Platform.X, "leak-theirs").id();
        accounts.connected(tenant.workspace(), Platform.X, "leak-x"); // a reconnect

        // past the snapshot threshold, so snapshot_event_entry holds credentials too
        Instant expiry = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 1; i <= 105; i++) {
            commands.sendAndWait(RefreshToken.succeeded(x, sealer.seal(x, TestAccounts.credentials(expiry.plusSeconds(i))), null));
        }
        commands.sendAndWait(RefreshToken.failed(x, RefreshFailure.transientFailure("upstream answered 503", null), null));
        commands.sendAndWait(new MarkTokenExpiring(threads));
        commands.sendAndWait(new RevokeAccount(bluesky, ErrorCode.PLATFORM_AUTH_FAILED, "app password revoked"));
        for (AccountId id : List.of(x, bluesky, threads, doomed, theirs)) {
            dataKeyMaterial.put(id, KeyMaterial.dataKeyOf(dataKeys, id));
        }
        accounts.read(tenant.workspace(), x);
        return new Accounts(tenant, other, x, bluesky, threads, doomed, theirs);
    }

    /**
     * Every route there is, successes and failures alike; a new route goes here.
     *
     * @return the accounts connected through an upstream's real flow
     */
    private Connected driveEveryRoute(Accounts made) {
        Tenant tenant = made.tenant();
        AccountId sandbox = connectThroughTheSandbox(tenant);
        TestPds.Account onPds = pds.createAccount("leak-" + System.nanoTime() + ".test");
        String appPassword = pds.createAppPassword(onPds);
        Answer blueskyConnected = callIdempotently(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", tenant.bearer(),
                MediaType.APPLICATION_JSON, "{\"identifier\": \"" + onPds.handle() + "\", \"appPassword\": \"" + appPassword + "\"}");
        assertThat(blueskyConnected.status()).as(blueskyConnected.body()).isEqualTo(201);
        AccountId bluesky = new AccountId(field(blueskyConnected.body(), "id"));
        call(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", tenant.bearer(), MediaType.APPLICATION_JSON,
                "{\"identifier\": \"" + onPds.handle() + "\", \"appPassword\": \"wrong-wrong-wrong-wrong\"}");
        AccountId facebook = connectAFacebookPageAfterChoosing(tenant);
        AccountId pinterestAccount = connectAPinterestBoardAfterChoosing(tenant);
        driveTheConnectPage(tenant, onPds, appPassword);
        for (AccountId upstream : List.of(sandbox, bluesky, facebook, pinterestAccount)) {
            call(HttpMethod.POST, "/v1/accounts/" + upstream + "/refresh", tenant.bearer(), null, null);
            call(HttpMethod.POST, "/v1/accounts/" + upstream + "/verify", tenant.bearer(), null, null);
            dataKeyMaterial.put(upstream, KeyMaterial.dataKeyOf(dataKeys, upstream));
        }
        // the platform proxy acts as the account: the platform's answers come back, never the token it sent
        Answer proxied = call(HttpMethod.GET, "/v1/accounts/" + sandbox + "/proxy/api/me", tenant.bearer(), null, null);
        assertThat(proxied.status()).as(proxied.body()).isEqualTo(200);
        call(HttpMethod.GET, "/v1/accounts/" + bluesky + "/proxy/xrpc/app.bsky.actor.getProfile?actor=" + onPds.did(),
                tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/" + facebook + "/proxy/" + MetaTestServers.FACEBOOK_GRAPH_VERSION + "/me?access_token=x",
                tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/" + made.bluesky() + "/proxy/xrpc/app.bsky.actor.getProfile", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/" + sandbox + "/proxy-url?url=https%3A%2F%2Fevil.example%2F", tenant.bearer(), null, null);
        // an upload host of the Page's (here the Facebook test server itself), reached with the Page token and its proof
        String uploadUrl = MetaTestServers.facebook().url(MetaTestServers.facebook().path("me")).toString();
        Answer uploaded = call(HttpMethod.GET, "/v1/accounts/" + facebook + "/proxy-url?url="
                + URLEncoder.encode(uploadUrl, StandardCharsets.UTF_8), tenant.bearer(), null, null);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        call(HttpMethod.GET, "/v1/accounts/" + made.theirs() + "/proxy/api/me", tenant.bearer(), null, null);
        call(HttpMethod.POST, "/v1/accounts/" + made.theirs() + "/refresh", tenant.bearer(), null, null);
        call(HttpMethod.POST, "/v1/accounts/" + made.theirs() + "/verify", tenant.bearer(), null, null);
        call(HttpMethod.POST, "/v1/accounts/connect/x", tenant.bearer(), MediaType.APPLICATION_JSON, "{}");
        call(HttpMethod.POST, "/v1/accounts/connect/myspace", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/connect/sandbox/complete?state=forged&code=forged", null, null, null);

        // the one answer that carries a token by design; with a key, so idempotency_keys is scanned for it too
        String sdk = "Bearer " + keys.create(tenant.workspace(), "leak sdk", EnumSet.allOf(ApiScope.class)).key();
        handOut(made.x(), sdk, TestAccounts.CANARY_ACCESS);
        handOut(sandbox, sdk, null);
        call(HttpMethod.POST, "/v1/accounts/" + made.x() + "/access-token", tenant.bearer(), null, null);
        call(HttpMethod.POST, "/v1/accounts/" + made.bluesky() + "/access-token", sdk, null, null);
        call(HttpMethod.POST, "/v1/accounts/" + made.theirs() + "/access-token", sdk, null, null);
        callIdempotently(HttpMethod.POST, "/v1/api-keys", sdk, MediaType.APPLICATION_JSON,
                "{\"name\": \"leak sdk 2\", \"scopes\": [\"tokens:read\"]}");

        // an import carries tokens in its request: neither its answer, nor a log line, nor a row may repeat them
        Answer imported = callIdempotently(HttpMethod.POST, "/v1/accounts/import", tenant.bearer(), MediaType.APPLICATION_JSON,
                importBody(Instant.now().plus(90, ChronoUnit.DAYS)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(207);
        for (int item = 0; item < 2; item++) {
            assertThat(json(imported.body()).at("/results/" + item + "/accountId").isTextual()).as(imported.body()).isTrue();
            AccountId importedId = new AccountId(json(imported.body()).at("/results/" + item + "/accountId").asText());
            dataKeyMaterial.put(importedId, KeyMaterial.dataKeyOf(dataKeys, importedId));
            call(HttpMethod.GET, "/v1/accounts/" + importedId + "/history", tenant.bearer(), null, null);
        }
        call(HttpMethod.POST, "/v1/accounts/import", tenant.bearer(), MediaType.APPLICATION_JSON, "{\"accounts\": ");

        call(HttpMethod.GET, "/v1/accounts", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts?platform=x&status=active", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts?status=revoked", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts?status=expiring", tenant.bearer(), null, null);
        String cursor = field(call(HttpMethod.GET, "/v1/accounts?limit=1", tenant.bearer(), null, null).body(), "nextCursor");
        call(HttpMethod.GET, "/v1/accounts?limit=1&cursor=" + cursor, tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts?limit=0", tenant.bearer(), null, null);
        for (AccountId id : List.of(made.x(), made.bluesky(), made.threads(), made.doomed(), sandbox, bluesky, facebook)) {
            call(HttpMethod.GET, "/v1/accounts/" + id, tenant.bearer(), null, null);
            call(HttpMethod.GET, "/v1/accounts/" + id + "/history", tenant.bearer(), null, null);
        }
        String historyCursor = field(call(HttpMethod.GET, "/v1/accounts/" + made.x() + "/history?limit=10", tenant.bearer(),
                null, null).body(), "nextCursor");
        call(HttpMethod.GET, "/v1/accounts/" + made.x() + "/history?limit=10&cursor=" + historyCursor, tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/" + made.theirs(), tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/" + made.theirs(), made.other().bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/acc_missing", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts", null, null, null);
        call(HttpMethod.PUT, "/v1/accounts", tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/nothing-here", tenant.bearer(), null, null);

        call(HttpMethod.DELETE, "/v1/accounts/" + made.theirs(), tenant.bearer(), null, null);
        call(HttpMethod.DELETE, "/v1/accounts/" + made.doomed(), tenant.bearer(), null, null);
        call(HttpMethod.DELETE, "/v1/accounts/" + made.doomed(), tenant.bearer(), null, null);
        call(HttpMethod.GET, "/v1/accounts/" + made.doomed() + "/history", tenant.bearer(), null, null);

        String keyId = field(callIdempotently(HttpMethod.POST, "/v1/api-keys", tenant.bearer(), MediaType.APPLICATION_JSON,
                "{\"name\": \"leak check\"}").body(), "id");
        call(HttpMethod.POST, "/v1/api-keys", tenant.bearer(), MediaType.APPLICATION_JSON, "{\"name\": ");
        call(HttpMethod.GET, "/v1/api-keys", tenant.bearer(), null, null);
        call(HttpMethod.DELETE, "/v1/api-keys/" + keyId, tenant.bearer(), null, null);
        call(HttpMethod.DELETE, "/v1/api-keys/key_missing", tenant.bearer(), null, null);

        collectWhatWasPushed(tenant);
        // anyone reads the API's description, a caller's key sent along
        http.mutate().responseTimeout(Duration.ofSeconds(60)).build().get().uri("/v1/openapi.json")
                .exchange().expectStatus().isOk(); // built once from every route: seconds on a busy machine
        for (String description : List.of("/v1/openapi.json", "/v1/openapi.json.yaml", "/v1/openapi.json/swagger-config",
                "/docs", "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js")) {
            call(HttpMethod.GET, description, tenant.bearer(), null, null);
        }
        // an operator rebuilds the read model
        call(HttpMethod.POST, "/admin/v1/rebuilds/accounts", "Bearer " + ADMIN_TOKEN, null, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> !call(HttpMethod.GET, "/admin/v1/rebuilds/accounts",
                "Bearer " + ADMIN_TOKEN, null, null).body().contains("rebuilding"));
        call(HttpMethod.GET, "/admin/v1/rebuilds/accounts", tenant.bearer(), null, null);

        // operations: the public health, then the operator's view of every health component and
        // every metric, tags included (details and metrics need the admin token)
        String admin = "Bearer " + ADMIN_TOKEN;
        call(HttpMethod.GET, "/actuator/health", null, null, null);
        call(HttpMethod.GET, "/actuator", admin, null, null);
        JsonNode health = json(call(HttpMethod.GET, "/actuator/health", admin, null, null).body());
        assertThat(health.path("components").size()).as("the admin sees the health components").isPositive();
        health.path("components").fieldNames().forEachRemaining(component ->
                call(HttpMethod.GET, "/actuator/health/" + component, admin, null, null));
        JsonNode metrics = json(call(HttpMethod.GET, "/actuator/metrics", admin, null, null).body()).path("names");
        assertThat(metrics.size()).as("the admin sees the metrics").isPositive();
        metrics.forEach(metric -> call(HttpMethod.GET, "/actuator/metrics/" + metric.asText(), admin, null, null));
        return new Connected(sandbox, bluesky, facebook, pinterestAccount, appPassword);
    }

    /** An X and a Bluesky account moved from another tool with the canaries, and an item refused for its platform. */
    private static String importBody(Instant expiresAt) {
        String expiry = expiresAt.truncatedTo(ChronoUnit.SECONDS).toString();
        return """
                {"accounts": [
                  {"platform": "x", "platformUserId": "leak-imported-x", "accessToken": "%1$s", "refreshToken": "%2$s",
                   "accessTokenExpiresAt": "%4$s", "profile": {"displayName": "Imported"}},
                  {"platform": "bluesky", "platformUserId": "did:plc:leakimportedaaaaaaaaaaaa", "accessToken": "%1$s",
                   "refreshToken": "%2$s", "appPassword": "%3$s", "pdsUrl": "https://pds.leak.example"},
                  {"platform": "myspace", "platformUserId": "tom", "accessToken": "%1$s", "refreshToken": "%2$s"}
                ]}""".formatted(TestAccounts.CANARY_ACCESS, TestAccounts.CANARY_REFRESH, TestAccounts.CANARY_APP_PASSWORD, expiry);
    }

    /**
     * The Connect page's routes, each link as a user's browser uses it: the same Bluesky account
     * (a wrong app password first), the same sandbox user and the same Facebook Page again, so what
     * they store is what the search already looks for; and a link the user leaves.
     */
    private void driveTheConnectPage(Tenant tenant, TestPds.Account onPds, String appPassword) {
        String returnUrl = "http://localhost:" + port + "/back";
        URI blueskyLink = connectLink(tenant, returnUrl);
        call(HttpMethod.GET, blueskyLink.getPath(), null, null, null);
        call(HttpMethod.GET, blueskyLink.getPath() + "/session", null, null, null);
        call(HttpMethod.POST, blueskyLink.getPath() + "/bluesky", null, MediaType.APPLICATION_JSON,
                "{\"identifier\": \"" + onPds.handle() + "\", \"appPassword\": \"wrong-wrong-wrong-wrong\"}");
        Answer bluesky = call(HttpMethod.POST, blueskyLink.getPath() + "/bluesky", null, MediaType.APPLICATION_JSON,
                "{\"identifier\": \"" + onPds.handle() + "\", \"appPassword\": \"" + appPassword + "\"}");
        assertThat(bluesky.status()).as(bluesky.body()).isEqualTo(200);

        URI sandboxLink = connectLink(tenant, returnUrl);
        Answer backOnThePage = consentOnTheSandbox(URI.create(field(call(HttpMethod.POST, sandboxLink.getPath() + "/oauth/sandbox",
                null, null, null).body(), "redirectUrl")));
        assertThat(backOnThePage.headers().getLocation()).as(backOnThePage.body()).hasPath("/connect/resume");
        Answer finished = call(HttpMethod.POST, sandboxLink.getPath() + "/finish", null, null, null);
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);

        URI facebookLink = connectLink(tenant, returnUrl);
        String redirectUrl = field(call(HttpMethod.POST, facebookLink.getPath() + "/oauth/facebook", null, null, null).body(), "redirectUrl");
        MetaTestServers.facebook().willLogIn(redirectUrl.replaceAll(".*[?&]state=([^&]+).*", "$1"), facebookUser);
        URI complete = URI.create(new Browser(http).authorizeRedirect(redirectUrl).split("#")[0]);
        URI choice = call(HttpMethod.GET, complete.getRawPath() + "?" + complete.getRawQuery(), null, null, null).headers().getLocation();
        String selectionToken = choice.getRawQuery().replaceAll(".*selectionToken=([^&]+).*", "$1");
        Answer offered = call(HttpMethod.POST, facebookLink.getPath() + "/choice/facebook", null, MediaType.APPLICATION_JSON,
                "{\"selectionToken\": \"" + selectionToken + "\"}");
        assertThat(offered.status()).as(offered.body()).isEqualTo(200);
        Answer picked = call(HttpMethod.POST, facebookLink.getPath() + "/choice/facebook/select", null, MediaType.APPLICATION_JSON,
                "{\"selectionToken\": \"" + selectionToken + "\", \"choiceId\": \"" + facebookUser.pages().get(0).id() + "\"}");
        assertThat(picked.status()).as(picked.body()).isEqualTo(200);

        call(HttpMethod.POST, connectLink(tenant, returnUrl).getPath() + "/leave", null, MediaType.APPLICATION_JSON, "{}");
    }

    private URI connectLink(Tenant tenant, String returnUrl) {
        Answer created = callIdempotently(HttpMethod.POST, "/v1/connect-sessions", tenant.bearer(), MediaType.APPLICATION_JSON,
                "{\"returnUrl\": \"" + returnUrl + "\", \"label\": \"leak check\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return URI.create(field(created.body(), "url"));
    }

    /** A user's whole OAuth round trip: start, the platform's consent page, Allow, back to Mooring. */
    private AccountId connectThroughTheSandbox(Tenant tenant) {
        URI authorize = URI.create(field(call(HttpMethod.POST, "/v1/accounts/connect/sandbox", tenant.bearer(), null, null).body(),
                "redirectUrl"));
        Answer connected = consentOnTheSandbox(authorize);
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        return new AccountId(field(connected.body(), "id"));
    }

    /** The sandbox's consent page, Allow as the same user each time, and Mooring's answer to the platform's redirect. */
    private Answer consentOnTheSandbox(URI authorize) {
        Answer consent = call(HttpMethod.GET, authorize.getRawPath() + "?" + authorize.getRawQuery(), null, null, null);
        // the consent form's CSRF token, as the browser holds it: a cookie and a hidden field
        String csrfCookie = consent.headers().getFirst(HttpHeaders.SET_COOKIE).split(";")[0];
        String csrfField = consent.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        Answer allowed = call(HttpMethod.POST, authorize.getRawPath(), null, csrfCookie, MediaType.APPLICATION_FORM_URLENCODED,
                authorize.getRawQuery() + "&decision=allow&username=leak-sandbox-user&_csrf="
                        + URLEncoder.encode(csrfField, StandardCharsets.UTF_8));
        URI back = allowed.headers().getLocation();
        assertThat(back).as("the sandbox sends the browser back").isNotNull();
        return call(HttpMethod.GET, back.getRawPath() + "?" + back.getRawQuery(), null, null, null);
    }

    /** Subscribes the workspace's webhook endpoint and event stream before anything happens to its accounts. */
    private void watch(Tenant tenant) {
        receiver = WebhookReceiver.start();
        endpointId = field(call(HttpMethod.POST, "/v1/webhook-endpoints", tenant.bearer(), MediaType.APPLICATION_JSON,
                "{\"url\": \"" + receiver.url() + "\"}").body(), "id");
        stream = EventStreamClient.open(port, tenant.bearer(), null);
    }

    /** Every webhook route, once deliveries have arrived, and what the receiver and the stream got. */
    private void collectWhatWasPushed(Tenant tenant) {
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 5 && stream.events().size() >= 5);
        String endpoint = "/v1/webhook-endpoints/" + endpointId;
        call(HttpMethod.GET, "/v1/webhook-endpoints", tenant.bearer(), null, null);
        call(HttpMethod.GET, endpoint, tenant.bearer(), null, null);
        call(HttpMethod.PATCH, endpoint, tenant.bearer(), MediaType.APPLICATION_JSON, "{\"enabled\": true}");
        String deliveryId = field(call(HttpMethod.GET, endpoint + "/deliveries", tenant.bearer(), null, null).body(), "id");
        int receivedBeforeResend = receiver.received().size();
        call(HttpMethod.POST, endpoint + "/deliveries/" + deliveryId + "/resend", tenant.bearer(), null, null);
        call(HttpMethod.POST, endpoint + "/rotate-secret", tenant.bearer(), null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() > receivedBeforeResend);
        call(HttpMethod.DELETE, endpoint, tenant.bearer(), null, null);
        receiver.received().forEach(delivery -> pushed.put("webhook delivery #" + pushed.size(),
                delivery.headers() + "\n" + delivery.body()));
        stream.events().forEach(event -> pushed.put("streamed event " + event.id(), event.event() + "\n" + event.data()));
        answers.add(new Answer(HttpMethod.GET, "/v1/events", 200, new HttpHeaders(), "(collected above)"));
        stream.close();
        receiver.close();
    }

    /** A Facebook user who manages two Pages is asked which, and picks the first. */
    private AccountId connectAFacebookPageAfterChoosing(Tenant tenant) {
        FacebookTestServer facebook = MetaTestServers.facebook();
        FacebookTestServer.User user = facebook.userWithPages(2);
        facebookUser = user;
        String started = call(HttpMethod.POST, "/v1/accounts/connect/facebook", tenant.bearer(), MediaType.APPLICATION_JSON, "{}").body();
        facebook.willLogIn(field(started, "state"), user);
        String complete = new Browser(http).authorizeRedirect(field(started, "redirectUrl")).split("#")[0];
        URI back = URI.create(complete);
        String choice = field(call(HttpMethod.GET, back.getRawPath() + "?" + back.getRawQuery(), null, null, null).body(),
                "selectionToken");
        String select = "/v1/accounts/connect/facebook/select";
        call(HttpMethod.POST, select, tenant.bearer(), MediaType.APPLICATION_JSON, "{\"selectionToken\": \"" + choice + "\"}");
        Answer picked = call(HttpMethod.POST, select, tenant.bearer(), MediaType.APPLICATION_JSON,
                "{\"selectionToken\": \"" + choice + "\", \"pageId\": \"" + user.pages().get(0).id() + "\"}");
        assertThat(picked.status()).as(picked.body()).isEqualTo(201);
        return new AccountId(field(picked.body(), "id"));
    }

    /** A Pinterest user with two boards is asked which, and picks the second. */
    private AccountId connectAPinterestBoardAfterChoosing(Tenant tenant) {
        PinterestTestServer.User user = new PinterestTestServer.User("549755800001", "leak-pins", "Leak pins", null,
                List.of(new Board("549755800011", "First"), new Board("549755800012", "Second")));
        String started = call(HttpMethod.POST, "/v1/accounts/connect/pinterest", tenant.bearer(), MediaType.APPLICATION_JSON, "{}").body();
        pinterest.approves(field(started, "state"), user);
        URI back = URI.create(new Browser(http).authorizeRedirect(field(started, "redirectUrl")));
        String choice = field(call(HttpMethod.GET, back.getRawPath() + "?" + back.getRawQuery(), null, null, null).body(),
                "selectionToken");
        String select = "/v1/accounts/connect/pinterest/select";
        call(HttpMethod.POST, select, tenant.bearer(), MediaType.APPLICATION_JSON, "{\"selectionToken\": \"" + choice + "\"}");
        Answer picked = call(HttpMethod.POST, select, tenant.bearer(), MediaType.APPLICATION_JSON,
                "{\"selectionToken\": \"" + choice + "\", \"boardId\": \"549755800012\"}");
        assertThat(picked.status()).as(picked.body()).isEqualTo(201);
        // the account's own id: its board has one too
        return new AccountId(json(picked.body()).get("id").asText());
    }

    /**
     * The token hand-out, with an Idempotency-Key: its body holds the account's token exactly once
     * and is kept apart from the evidence, where the token must then appear nowhere (not in the
     * history it wrote, the stream, a log line, idempotency_keys or any other table).
     */
    private void handOut(AccountId account, String bearer, String expectedToken) {
        Answer answer = send(HttpMethod.POST, "/v1/accounts/" + account + "/access-token", bearer, null, null, null,
                "leak-" + UUID.randomUUID());
        answers.remove(answer);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().getCacheControl()).isEqualTo("no-store");
        String token = json(answer.body()).get("accessToken").asText();
        if (expectedToken != null) {
            assertThat(token).isEqualTo(expectedToken);
        }
        assertThat(answer.body().split(Pattern.quote(token), -1)).as("the token, once").hasSize(2);
        handedOut.add(token);
        answers.add(new Answer(answer.method(), answer.path(), answer.status(), answer.headers(), "(a hand-out, checked apart)"));
    }

    private Answer call(HttpMethod method, String path, String bearer, MediaType contentType, String body) {
        return send(method, path, bearer, null, contentType, body, null);
    }

    private Answer call(HttpMethod method, String path, String bearer, String cookie, MediaType contentType, String body) {
        return send(method, path, bearer, cookie, contentType, body, null);
    }

    /** With an Idempotency-Key: the request (an app password, say) and its answer meet idempotency_keys. */
    private Answer callIdempotently(HttpMethod method, String path, String bearer, MediaType contentType, String body) {
        return send(method, path, bearer, null, contentType, body, "leak-" + UUID.randomUUID());
    }

    private Answer send(HttpMethod method, String path, String bearer, String cookie, MediaType contentType, String body,
                        String idempotencyKey) {
        // absolute and already encoded, so the client neither re-encodes a query nor expands a template
        WebTestClient.RequestBodySpec request = http.method(method).uri(URI.create("http://localhost:" + port + path));
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, bearer);
        }
        if (cookie != null) {
            request.header(HttpHeaders.COOKIE, cookie);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            request.contentType(contentType).bodyValue(body);
        }
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        byte[] content = result.getResponseBodyContent();
        Answer answer = new Answer(method, path, result.getStatus().value(), result.getResponseHeaders(),
                content == null ? "" : new String(content, StandardCharsets.UTF_8));
        answers.add(answer);
        return answer;
    }

    private SecretForms secrets(Connected connected) {
        SecretForms secrets = new SecretForms()
                .text("access token", TestAccounts.CANARY_ACCESS)
                .text("refresh token", TestAccounts.CANARY_REFRESH)
                .text("app password", TestAccounts.CANARY_APP_PASSWORD)
                .text("X client secret", CLIENT_SECRET_X)
                .text("LinkedIn client secret", CLIENT_SECRET_LINKEDIN)
                .text("Pinterest client secret", pinterest.clientSecret())
                .text("Bluesky app password", connected.appPassword())
                .text("a Meta test server's secret", MetaTestServer.SECRET_MARKER)
                .bytes("master key leak-old", Base64.getDecoder().decode(OLD_MASTER_KEY))
                .bytes("master key leak-new", Base64.getDecoder().decode(NEW_MASTER_KEY));
        dataKeyMaterial.forEach((account, key) -> secrets.bytes("data key of " + account, key));
        // whatever an upstream issued, Mooring holds only sealed: unseal it to know what to look for
        for (AccountId upstream : connected.all()) {
            StoredSecrets.of(jdbi, upstream).forEach(stored -> secrets.text(
                    "issued " + stored.field().label() + " of " + upstream + " in " + stored.table() + " #" + stored.sequenceNumber(),
                    vault.decrypt(upstream, stored.field(), stored.secret())));
        }
        return secrets;
    }

    private List<String> undrivenRoutes() {
        List<String> undriven = new ArrayList<>();
        for (RequestMappingInfo route : routes.stream().flatMap(mapping -> mapping.getHandlerMethods().keySet().stream()).toList()) {
            for (PathPattern pattern : route.getPatternsCondition().getPatterns()) {
                if (pattern.getPatternString().startsWith(UPSTREAM_ROUTES)) {
                    continue; // Mooring's own connector calls them, as it would a real platform's
                }
                if (pattern.getPatternString().equals(GateRoutes.DOCS_PAGE)) {
                    continue; // only a redirect to Swagger UI's page, which is driven (and read) above
                }
                // one handler for many methods (the proxy) runs one code path whatever the method: a success on any drives it
                Set<RequestMethod> methods = route.getMethodsCondition().getMethods();
                methods.forEach(method -> {
                    boolean succeeded = answers.stream().anyMatch(answer -> (methods.size() > 1
                                    ? methods.stream().anyMatch(any -> any.name().equals(answer.method().name()))
                                    : answer.method().name().equals(method.name()))
                            && answer.status() / 100 == 2
                            && pattern.matches(PathContainer.parsePath(URI.create(answer.path()).getRawPath())));
                    if (!succeeded) {
                        undriven.add(method + " " + pattern);
                    }
                });
            }
        }
        return undriven;
    }

    /** One string field of a JSON answer; enough for ids and URLs, which need no unescaping. */
    private static String field(String json, String name) {
        return json.replaceAll("(?s).*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
