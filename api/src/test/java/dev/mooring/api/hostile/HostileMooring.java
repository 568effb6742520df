package dev.mooring.api.hostile;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.web.AccountReads;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.Platform;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ApplicationContext;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One running Mooring for the whole hostile suite (jqwik runs outside Spring's test context, so it
 * is started as the run command would start it), with the embedded PostgreSQL, the admin token of
 * {@link MooringTest}, webhooks allowed on loopback with short retries, and Bluesky pointed at a
 * test PDS on loopback so that no identifier sends anything off this machine.
 *
 * <p>Two workspaces: the <em>owner</em> holds real things (an account, a webhook endpoint with a
 * delivery, a second API key) whose ids are the foreign ids the <em>caller</em> tries; a third
 * workspace's revoked key is one of the wrong credentials.
 */
final class HostileMooring implements AutoCloseable {

    /** Real things of the owner's workspace, by the placeholder their id fills in a route. */
    record Owned(String account, String endpoint, String delivery, String key) {
    }

    private final TestPds pds;
    private final RunningMooring mooring;
    final Tenant owner;
    final Tenant caller;
    final String revokedKey;
    final Owned owned;

    private HostileMooring(TestPds pds, RunningMooring mooring, Tenant owner, Tenant caller, String revokedKey, Owned owned) {
        this.pds = pds;
        this.mooring = mooring;
        this.owner = owner;
        this.caller = caller;
        this.revokedKey = revokedKey;
        this.owned = owned;
    }

    static HostileMooring start() {
        TestPds pds = TestPds.start();
        RunningMooring mooring = RunningMooring.start(
                "mooring.data-dir=target/test-data/" + UUID.randomUUID(),
                "mooring.admin.token=" + MooringTest.ADMIN_TOKEN,
                "mooring.outbound.local-webhooks=true",
                "mooring.outbound.allowed-hosts=" + pds.pdsUrl().getHost(),
                "mooring.bluesky.service-url=" + pds.url(),
                "mooring.bluesky.plc-url=" + pds.plcUrl(),
                "mooring.webhooks.retry-schedule=200ms",
                "mooring.webhooks.attempt-timeout=2s",
                "mooring.webhooks.poll-interval=50ms",
                "mooring.events.poll-interval=50ms",
                "mooring.events.heartbeat=1s",
                // one key sends hundreds of calls a minute here: the rate windows are LimitsTest's to drive, and a
                // window that closes between the two calls of a foreign/missing pair would tell them apart
                "mooring.limits.per-key=100000/1m",
                "mooring.limits.connect-starts=100000/1m",
                "mooring.limits.bluesky-logins-per-identifier=100000/1m",
                "mooring.limits.account-checks=100000/1m",
                "mooring.limits.webhook-resends=100000/1m");
        try {
            ApiKeys keys = mooring.bean(ApiKeys.class);
            TestAccounts accounts = new TestAccounts(keys, mooring.bean(ConnectService.class),
                    mooring.bean(AccountReads.class), mooring.bean(EventStore.class));
            // every scope, the token hand-out's included, so every route is driven past the gate
            Tenant owner = everyScope(accounts.tenant(), keys);
            Tenant caller = everyScope(accounts.tenant(), keys);
            Tenant revoked = accounts.tenant();
            String revokedId = keys.list(revoked.workspace()).get(0).id();
            keys.revoke(revoked.workspace(), revokedId);

            Owned owned = ownerThings(mooring, owner, accounts);
            return new HostileMooring(pds, mooring, owner, caller, revoked.key(), owned);
        } catch (RuntimeException e) {
            mooring.close();
            pds.close();
            throw e;
        }
    }

    private static Tenant everyScope(Tenant tenant, ApiKeys keys) {
        return new Tenant(tenant.workspace(), keys.create(tenant.workspace(), "every scope", EnumSet.allOf(ApiScope.class)).key());
    }

    /**
     * The owner's endpoint listens nowhere (port 1 refuses at once), so the account's
     * {@code account.connected} delivery fails for good within a second and then stays as it is.
     */
    private static Owned ownerThings(RunningMooring mooring, Tenant owner, TestAccounts accounts) {
        HostileHttp http = new HostileHttp(port(mooring));
        Jdbi jdbi = mooring.bean(Jdbi.class);
        HostileHttp.Answer endpoint = http.send("POST", "/v1/webhook-endpoints", Map.of("Authorization", owner.bearer()),
                "{\"url\":\"http://127.0.0.1:1/hook\"}");
        String endpointId = endpoint.json().path("id").asText();
        String account = accounts.connected(owner.workspace(), Platform.X, "owned-" + UUID.randomUUID()).id().value();
        String key = http.send("POST", "/v1/api-keys", Map.of("Authorization", owner.bearer()), "{\"name\":\"second\"}")
                .json().path("id").asText();
        String delivery = null;
        for (long deadline = System.nanoTime() + 20_000_000_000L; delivery == null && System.nanoTime() < deadline; ) {
            List<Map<String, Object>> settled = jdbi.withHandle(handle -> handle.createQuery(
                            "select delivery_id from webhook_deliveries where endpoint_id = :endpoint and status = 'failed'")
                    .bind("endpoint", endpointId).mapToMap().list());
            if (settled.isEmpty()) {
                sleep();
            } else {
                delivery = (String) settled.get(0).get("delivery_id");
            }
        }
        if (delivery == null || endpointId.isEmpty() || key.isEmpty()) {
            throw new IllegalStateException("the owner's workspace could not be set up");
        }
        return new Owned(account, endpointId, delivery, key);
    }

    HostileHttp http() {
        return new HostileHttp(port(mooring));
    }

    private static int port(RunningMooring mooring) {
        return Integer.parseInt(mooring.context().getEnvironment().getProperty("local.server.port"));
    }

    Jdbi jdbi() {
        return mooring.bean(Jdbi.class);
    }

    /**
     * What a refused request must leave as it was: how many workspaces, keys (and revoked ones),
     * accounts, identities, stored events, endpoints (and their last change), deliveries, connect
     * sessions and data keys there are. Webhook attempts are left out: deliveries retry on their own.
     */
    Map<String, Object> footprint() {
        return jdbi().withHandle(handle -> handle.createQuery("""
                        select (select count(*) from workspaces) as workspaces,
                               (select count(*) from api_keys) as api_keys,
                               (select count(revoked_at) from api_keys) as revoked_keys,
                               (select count(*) from accounts) as accounts,
                               (select count(*) from account_identities) as account_identities,
                               (select count(*) from domain_event_entry) as events,
                               (select count(*) from webhook_endpoints) as webhook_endpoints,
                               (select max(updated_at) from webhook_endpoints) as endpoint_changed,
                               (select count(*) from webhook_deliveries) as webhook_deliveries,
                               (select count(*) from connect_sessions) as connect_sessions,
                               (select count(*) from data_keys) as data_keys""")
                .mapToMap().one());
    }

    ApplicationContext context() {
        return mooring.context();
    }

    <T> T bean(Class<T> type) {
        return mooring.bean(type);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        mooring.close();
        pds.close();
    }
}
