package dev.mooring.api.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPds.Account;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.kernel.Platform;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Production shape (the development exception for local webhooks off, as with a configured
 * database) against a trap listening on loopback: no webhook URL, Bluesky identifier, {@code did:web}
 * document or PDS named in a DID document that points at this machine, in any spelling, is ever
 * connected to, and each is refused naming the host and the rule. The settings come in under their
 * environment names. Only the entryway and PLC directory (operator configuration, trusted) are a
 * test PDS on loopback.
 */
@MooringTest
@ContextConfiguration(initializers = OutboundTrapTest.ProductionShape.class)
class OutboundTrapTest {

    static final LoopbackTrap TRAP = LoopbackTrap.start();
    /** A receiver the operator lists in MOORING_OUTBOUND_ALLOWED_HOSTS: the one way onto loopback. */
    static final LoopbackTrap ALLOWED = LoopbackTrap.start();
    static final TestPds PDS = TestPds.start();

    static class ProductionShape implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("outbound-env", Map.of(
                    "MOORING_OUTBOUND_LOCAL_WEBHOOKS", "false",
                    "MOORING_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1:" + ALLOWED.port(),
                    "MOORING_BLUESKY_SERVICE_URL", PDS.url().toString(),
                    "MOORING_BLUESKY_PLC_URL", PDS.plcUrl().toString())));
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    Tenant tenant;
    WebhookApi webhooks;

    @BeforeEach
    void newWorkspace() {
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        tenant = accounts.tenant();
        webhooks = new WebhookApi(http, tenant);
    }

    @AfterEach
    void theTrapWasNeverReached() {
        assertThat(TRAP.connections()).isZero();
    }

    @AfterAll
    static void close() throws IOException {
        TRAP.close();
        ALLOWED.close();
        PDS.close();
    }

    /** Every way to write this machine's address, at the trap's port. */
    static List<String> loopbackAuthorities(int port) {
        List<String> authorities = new ArrayList<>();
        for (String host : List.of("127.0.0.1", "localhost", "0.0.0.0", "2130706433", "0x7f000001", "127.1", "[::1]",
                "[::ffff:127.0.0.1]")) {
            authorities.add(host + ":" + port);
        }
        return authorities;
    }

    private static String hostOf(String authority) {
        return authority.substring(0, authority.lastIndexOf(':'));
    }

    record Answer(int status, JsonNode body) {
        String code() {
            return body.at("/error/code").asText(null);
        }

        String message() {
            return body.at("/error/message").asText(null);
        }
    }

    private Answer send(WebTestClient.RequestBodySpec request, Object body) {
        var result = request.header(HttpHeaders.AUTHORIZATION, tenant.bearer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectBody(JsonNode.class).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody());
    }

    private Answer createEndpoint(String url) {
        return send(http.post().uri("/v1/webhook-endpoints"), Map.of("url", url));
    }

    private Answer connectBluesky(String identifier) {
        return send(http.post().uri("/v1/accounts/connect/bluesky/complete"),
                Map.of("identifier", identifier, "appPassword", "abcd-efgh-ijkl-mnop"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noWebhookUrlOnLoopbackIsAcceptedAtCreateInAnySpelling() {
        for (String authority : loopbackAuthorities(TRAP.port())) {
            for (String scheme : List.of("http", "https")) {
                Answer answer = createEndpoint(scheme + "://" + authority + "/hook");

                assertThat(answer.status()).as(authority).isEqualTo(400);
                assertThat(answer.code()).as(authority).isEqualTo("validation_failed");
                assertThat(answer.message()).as(authority)
                        .startsWith("url not allowed: Mooring does not connect to " + hostOf(authority) + ": ");
            }
        }
        assertThat(http.get().uri("/v1/webhook-endpoints").header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data").size()).isZero();
    }

    @Test
    void theRefusalIsTheSameWhetherOrNotAnythingListens() {
        Answer trap = createEndpoint("https://[::1]:" + TRAP.port() + "/hook");
        Answer nothing = createEndpoint("https://[::1]:" + closedPort() + "/hook");

        assertThat(trap.message()).isEqualTo(nothing.message())
                .isEqualTo("url not allowed: Mooring does not connect to [::1]: a loopback address");
        Answer trapDid = connectBluesky("did:web:localhost%3A" + TRAP.port());
        Answer nothingDid = connectBluesky("did:web:localhost%3A" + closedPort());
        assertThat(trapDid.message()).isEqualTo(nothingDid.message())
                .isEqualTo("Mooring does not connect to localhost: a loopback address");
    }

    @Test
    void noWebhookUrlOnLoopbackIsAcceptedByPatch() {
        String id = webhooks.create("https://hooks.example/in", null).id();

        for (String authority : loopbackAuthorities(TRAP.port())) {
            Answer answer = send(http.patch().uri("/v1/webhook-endpoints/" + id), Map.of("url", "https://" + authority + "/"));

            assertThat(answer.status()).as(authority).isEqualTo(400);
            assertThat(answer.code()).as(authority).isEqualTo("validation_failed");
        }
        assertThat(webhooks.get(id).get("url").asText()).isEqualTo("https://hooks.example/in");
    }

    @Test
    void aDeliveryToAnAddressThatChangedSinceIsNeverSent() {
        List<String> ids = new ArrayList<>();
        for (String authority : loopbackAuthorities(TRAP.port())) {
            String id = webhooks.create("https://hooks.example/in", null).id();
            // what a name that pointed elsewhere at create time, or a row from before this policy, amounts to
            jdbi.useHandle(h -> h.createUpdate("update webhook_endpoints set url = :url where endpoint_id = :id")
                    .bind("url", "http://" + authority + "/hook").bind("id", id).execute());
            ids.add(id);
        }

        accounts.connected(tenant.workspace(), Platform.X, "trap-" + UUID.randomUUID());

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String host = hostOf(loopbackAuthorities(TRAP.port()).get(i));
            JsonNode delivery = await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode data = webhooks.deliveries(id);
                return data.size() == 1 && data.get(0).get("status").asText().equals("failed") ? data.get(0) : null;
            }, found -> found != null);
            assertThat(delivery.get("attempts").get(0).get("error").asText()).as(host)
                    .startsWith("not sent: Mooring does not connect to " + host + ": ");
        }
    }

    @Test
    void theAllowedHostsSettingIsTheOneWayOntoLoopback() {
        Answer listed = createEndpoint("http://127.0.0.1:" + ALLOWED.port() + "/hook");
        Answer otherPort = createEndpoint("http://127.0.0.1:" + TRAP.port() + "/hook");

        assertThat(listed.status()).isEqualTo(201);
        assertThat(otherPort.status()).isEqualTo(400);
        assertThat(otherPort.message()).contains("allowed only on port " + ALLOWED.port());
        accounts.connected(tenant.workspace(), Platform.X, "allowed-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).until(() -> ALLOWED.connections() > 0);
    }

    @Test
    void noDidWebDocumentOnLoopbackIsFetched() {
        for (String host : List.of("127.0.0.1", "localhost", "0.0.0.0", "2130706433", "0x7f000001", "127.1")) {
            Answer answer = connectBluesky("did:web:" + host + "%3A" + TRAP.port());

            assertThat(answer.code()).as(host).isEqualTo("platform_rejected");
            assertThat(answer.message()).as(host).startsWith("Mooring does not connect to " + host + ": ");
        }
        // IPv6 cannot be written in a did:web at all: refused before any lookup
        for (String host : List.of("[::1]", "[::ffff:127.0.0.1]")) {
            assertThat(connectBluesky("did:web:" + host + "%3A" + TRAP.port()).code()).as(host).isEqualTo("validation_failed");
        }
    }

    @Test
    void noHandleSpelledAsALoopbackAddressIsResolvedOrFetched() {
        for (String authority : loopbackAuthorities(TRAP.port())) {
            for (String identifier : List.of(hostOf(authority), authority)) {
                Answer answer = connectBluesky(identifier);

                assertThat(answer.status()).as(identifier).isBetween(400, 499);
                assertThat(answer.code()).as(identifier).isIn("validation_failed", "platform_rejected");
            }
        }
    }

    @Test
    void noPdsOnLoopbackThatADidDocumentNamesIsLoggedInto() {
        for (String authority : loopbackAuthorities(TRAP.port())) {
            for (String scheme : List.of("http", "https")) {
                Account account = PDS.createAccount("trap" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000) + ".test");
                PDS.moveTo(account, URI.create(scheme + "://" + authority));

                Answer byHandle = connectBluesky(account.handle());
                Answer byDid = connectBluesky(account.did());

                for (Answer answer : List.of(byHandle, byDid)) {
                    assertThat(answer.code()).as(scheme + "://" + authority).isEqualTo("platform_rejected");
                    assertThat(answer.message()).as(scheme + "://" + authority)
                            .startsWith("Mooring does not connect to " + hostOf(authority) + ": ");
                }
                assertThat(PDS.loginAttempts(account)).isZero();
            }
        }
        int stored = jdbi.withHandle(h -> h.createQuery("select count(*) from accounts where workspace_id = :w")
                .bind("w", tenant.workspace().value()).mapTo(Integer.class).one());
        assertThat(stored).isZero();
    }
}
