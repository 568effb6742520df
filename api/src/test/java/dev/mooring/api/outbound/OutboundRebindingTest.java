package dev.mooring.api.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.outbound.OutboundPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DNS rebinding against webhooks, in production shape: a name that resolved to a public address
 * when the endpoint was created answers 127.0.0.1 when a delivery is due. The delivery looks it up
 * exactly once, refuses, and never connects: the trap on loopback records nothing. The lookup is a
 * stand-in DNS (the policy's resolver), so no test traffic leaves this machine; the public address
 * is only ever an answer, never connected to.
 */
@MooringTest
@TestPropertySource(properties = "mooring.outbound.local-webhooks=false")
@Import(OutboundRebindingTest.RebindingDns.class)
class OutboundRebindingTest {

    static final LoopbackTrap TRAP = LoopbackTrap.start();
    static final String NAME = "rebind.test";
    static final AtomicInteger LOOKUPS = new AtomicInteger();
    static volatile boolean rebound;

    @TestConfiguration(proxyBeanMethods = false)
    static class RebindingDns {
        @Bean
        @Primary
        OutboundPolicy rebindingPolicy() {
            return new OutboundPolicy("", false, host -> {
                if (!host.equals(NAME)) {
                    throw new UnknownHostException(host);
                }
                LOOKUPS.incrementAndGet();
                byte[] answer = rebound ? new byte[]{127, 0, 0, 1} : new byte[]{93, (byte) 184, (byte) 215, 14};
                return new InetAddress[]{InetAddress.getByAddress(NAME, answer)};
            });
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    @AfterAll
    static void close() throws IOException {
        TRAP.close();
    }

    @Test
    void aNameThatTurnsToLoopbackAfterCreateIsLookedUpOnceAndNeverConnectedTo() {
        Tenant tenant = accounts.tenant();
        WebhookApi webhooks = new WebhookApi(http, tenant);
        String id = webhooks.create("https://" + NAME + ":" + TRAP.port() + "/hook", null).id();
        assertThat(LOOKUPS.get()).isEqualTo(1);

        rebound = true;
        accounts.connected(tenant.workspace(), Platform.X, "rebind-" + UUID.randomUUID());

        JsonNode delivery = await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode data = webhooks.deliveries(id);
            return data.size() == 1 && data.get(0).get("status").asText().equals("failed") ? data.get(0) : null;
        }, found -> found != null);
        assertThat(delivery.get("attempts")).hasSize(1);
        assertThat(delivery.get("attempts").get(0).get("error").asText())
                .isEqualTo("not sent: Mooring does not connect to " + NAME + ": a loopback address");
        // one lookup for the attempt, and the connection would have gone only where it pointed
        assertThat(LOOKUPS.get()).isEqualTo(2);
        assertThat(TRAP.connections()).isZero();
    }
}
