package dev.mooring.api.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RevokeAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/accounts/{id}/history}: the audit replay of one account's whole life. */
@MooringTest
class AccountHistoryTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    CredentialsSealer sealer;
    @Autowired
    ObjectMapper json;

    @Test
    void theWholeLifeReplaysOldestFirstAfterDisconnectWithoutASecret() {
        Tenant tenant = accounts.tenant();
        AccountId id = livedAFullLife(tenant);

        String body = get(tenant, "/v1/accounts/" + id + "/history?limit=100", 200);
        JsonNode history = read(body).get("data");

        assertThat(types(history)).containsExactly("account.connected", "token.refreshed", "token.refresh_failed",
                "token.expiring", "token.revoked", "account.connected", "account.disconnected");
        assertThat(history.get(5).at("/data/reconnected").asBoolean()).isTrue();
        assertThat(history.get(4).at("/data/code").asText()).isEqualTo("platform_auth_failed");
        Instant previous = Instant.MIN;
        for (JsonNode entry : history) {
            assertThat(entry.get("id").asText()).startsWith("evt_");
            assertThat(entry.get("workspaceId").asText()).isEqualTo(tenant.workspace().value());
            assertThat(entry.at("/data/accountId").asText()).isEqualTo(id.value());
            Instant at = Instant.parse(entry.get("createdAt").asText());
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
        }
        assertThat(read(body).get("nextCursor").isNull()).isTrue();
        List<String> secrets = accounts.secretsOf(id);
        assertThat(secrets).hasSize(2 + 3 * 2); // the canaries, and both tokens of two connects and a refresh
        assertThat(body).doesNotContain(secrets).doesNotContain("credentials", "accessToken", "refreshToken", "appPassword");
    }

    @Test
    void pagesVisitEveryEventOnceInOrder() {
        Tenant tenant = accounts.tenant();
        AccountId id = livedAFullLife(tenant);

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String path = "/v1/accounts/" + id + "/history?limit=3";
        while (path != null) {
            JsonNode page = read(get(tenant, path, 200));
            sizes.add(page.get("data").size());
            page.get("data").forEach(entry -> seen.add(entry.get("id").asText()));
            JsonNode next = page.get("nextCursor");
            path = next.isNull() ? null : "/v1/accounts/" + id + "/history?limit=3&cursor=" + next.asText();
        }

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(ids(tenant, id));
    }

    @Test
    void anotherWorkspacesAccountHasNoHistoryEvenAfterItIsGone() {
        Tenant owner = accounts.tenant();
        Tenant stranger = accounts.tenant();
        AccountId id = livedAFullLife(owner);

        get(owner, "/v1/accounts/" + id + "/history", 200);
        assertThat(read(get(stranger, "/v1/accounts/" + id + "/history", 404)).at("/error/code").asText())
                .isEqualTo("not_found");
        get(stranger, "/v1/accounts/acc_01NOSUCHACCOUNT/history", 404);
        get(stranger, "/v1/accounts/not-an-id/history", 404);
        get(owner, "/v1/accounts/" + id + "/history?cursor=bad", 400);
    }

    /**
     * Connect, refresh, a failed refresh, expiring, revoked, reconnect, disconnect: seven events. On X,
     * whose lifecycle acts only minutes before a 2-hour token expires, so no deadline adds its own.
     */
    private AccountId livedAFullLife(Tenant tenant) {
        AccountId id = accounts.connected(tenant.workspace(), Platform.X, "lifelong").id();
        commands.sendAndWait(RefreshToken.succeeded(id,
                sealer.seal(id, TestAccounts.credentials(Instant.now().plusSeconds(7200))), null));
        commands.sendAndWait(RefreshToken.failed(id, RefreshFailure.transientFailure("upstream answered 503", null), null));
        commands.sendAndWait(new MarkTokenExpiring(id));
        commands.sendAndWait(new RevokeAccount(id, ErrorCode.PLATFORM_AUTH_FAILED, "token expired"));
        accounts.connected(tenant.workspace(), Platform.X, "lifelong");
        http.delete().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();
        return id;
    }

    private List<String> ids(Tenant tenant, AccountId id) {
        List<String> ids = new ArrayList<>();
        read(get(tenant, "/v1/accounts/" + id + "/history?limit=100", 200)).get("data")
                .forEach(entry -> ids.add(entry.get("id").asText()));
        return ids;
    }

    private String get(Tenant tenant, String path, int status) {
        return new String(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBodyContent());
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.forEach(entry -> types.add(entry.get("type").asText()));
        return types;
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
