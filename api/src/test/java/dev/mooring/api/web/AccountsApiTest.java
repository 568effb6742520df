package dev.mooring.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.kernel.query.AccountView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the running application over HTTP as a client would. */
@MooringTest
class AccountsApiTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    CommandGateway commands;
    @Autowired
    ObjectMapper json;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @Test
    void aNewWorkspaceListsNoAccounts() {
        JsonNode body = getJson("/v1/accounts", 200);
        assertThat(body.get("data")).isEmpty();
        assertThat(body.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void accountsAreListedAndFilteredByPlatformAndStatus() {
        AccountView x1 = accounts.connected(tenant.workspace(), Platform.X, "x-1");
        AccountView x2 = accounts.connected(tenant.workspace(), Platform.X, "x-2");
        AccountView sky = accounts.connected(tenant.workspace(), Platform.BLUESKY, "did:plc:sky");
        commands.sendAndWait(new RevokeAccount(x2.id(), ErrorCode.PLATFORM_AUTH_FAILED, "upstream said invalid_grant"));
        accounts.read(tenant.workspace(), x2.id());

        assertThat(ids(getJson("/v1/accounts", 200))).containsExactly(x1.id().value(), x2.id().value(), sky.id().value());
        assertThat(ids(getJson("/v1/accounts?platform=x", 200))).containsExactly(x1.id().value(), x2.id().value());
        assertThat(ids(getJson("/v1/accounts?status=revoked", 200))).containsExactly(x2.id().value());
        assertThat(ids(getJson("/v1/accounts?platform=bluesky&status=active", 200))).containsExactly(sky.id().value());
        assertThat(ids(getJson("/v1/accounts?platform=linkedin", 200))).isEmpty();

        JsonNode revoked = getJson("/v1/accounts/" + x2.id(), 200);
        assertThat(revoked.get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.get("statusCode").asText()).isEqualTo("platform_auth_failed");
    }

    @Test
    void cursorPagingVisitsEveryAccountOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(accounts.connected(tenant.workspace(), Platform.PINTEREST, "pin-" + i).id().value());
        }
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String path = "/v1/accounts?limit=2";
        while (path != null) {
            JsonNode page = getJson(path, 200);
            pageSizes.add(page.get("data").size());
            seen.addAll(ids(page));
            JsonNode next = page.get("nextCursor");
            path = next.isNull() ? null : "/v1/accounts?limit=2&cursor=" + next.asText();
        }
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void anAccountShowsItsPublicProfileAndNoSecret() {
        AccountView account = accounts.connected(tenant.workspace(), Platform.X, "profile-user");

        String body = get("/v1/accounts/" + account.id(), 200);
        JsonNode view = read(body);
        assertThat(view.get("id").asText()).isEqualTo(account.id().value());
        assertThat(view.get("platform").asText()).isEqualTo("x");
        assertThat(view.get("platformUserId").asText()).isEqualTo("profile-user");
        assertThat(view.get("displayName").asText()).isEqualTo("Name of profile-user");
        assertThat(view.get("handle").asText()).isEqualTo("@profile-user");
        assertThat(view.get("avatarUrl").asText()).isEqualTo("https://avatars.example/profile-user.png");
        assertThat(view.get("status").asText()).isEqualTo("active");
        assertThat(view.get("tokenExpiresAt").asText()).endsWith("Z");
        assertThat(view.get("connectedAt").asText()).endsWith("Z");
        assertThat(view.get("rateLimits")).as("none until a proxied call's answer reports them").isEmpty();
        assertThat(view.has("version")).isFalse();
        assertThat(body).doesNotContain(TestAccounts.CANARY_ACCESS, TestAccounts.CANARY_REFRESH)
                .doesNotContainIgnoringCase("token\"").doesNotContainIgnoringCase("secret");
    }

    @Test
    void deleteAnswers204AndTheAccountIsGoneAtOnce() {
        AccountView account = accounts.connected(tenant.workspace(), Platform.LINKEDIN, "li-gone");

        http.delete().uri("/v1/accounts/" + account.id()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent().expectBody().isEmpty();

        assertError(get("/v1/accounts/" + account.id(), 404), ErrorCode.NOT_FOUND);
        assertThat(ids(getJson("/v1/accounts", 200))).doesNotContain(account.id().value());
        http.delete().uri("/v1/accounts/" + account.id()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void connectingAgainAfterADeleteMakesANewAccount() {
        AccountView first = accounts.connected(tenant.workspace(), Platform.X, "comes-back");
        http.delete().uri("/v1/accounts/" + first.id()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();

        AccountView second = accounts.connected(tenant.workspace(), Platform.X, "comes-back");

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(ids(getJson("/v1/accounts", 200))).containsExactly(second.id().value());
    }

    @Test
    void reconnectingKeepsTheIdAndMakesARevokedAccountActive() {
        AccountView first = accounts.connected(tenant.workspace(), Platform.X, "reconnects");
        commands.sendAndWait(new RevokeAccount(first.id(), ErrorCode.PLATFORM_AUTH_FAILED, "revoked upstream"));
        assertThat(accounts.read(tenant.workspace(), first.id()).status().wireName()).isEqualTo("revoked");

        AccountView again = accounts.connected(tenant.workspace(), Platform.X, "reconnects");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(getJson("/v1/accounts/" + first.id(), 200).get("status").asText()).isEqualTo("active");
        assertThat(ids(getJson("/v1/accounts", 200))).containsExactly(first.id().value());
    }

    @Test
    void anotherWorkspacesAccountIsNotFound() {
        Tenant other = accounts.tenant();
        AccountView theirs = accounts.connected(other.workspace(), Platform.X, "not-yours");

        assertError(get("/v1/accounts/" + theirs.id(), 404), ErrorCode.NOT_FOUND);
        http.delete().uri("/v1/accounts/" + theirs.id()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNotFound();
        assertThat(ids(getJson("/v1/accounts", 200))).isEmpty();
        // and it is still there for its owner
        http.get().uri("/v1/accounts/" + theirs.id()).header(HttpHeaders.AUTHORIZATION, other.bearer())
                .exchange().expectStatus().isOk();
    }

    @Test
    void missingMalformedUnknownOrRevokedKeysAre401() {
        for (String authorization : new String[]{null, "Basic abc", "Bearer ", "Bearer not-a-key",
                "Bearer mk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
            WebTestClient.RequestHeadersSpec<?> request = http.get().uri("/v1/accounts");
            if (authorization != null) {
                request = request.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            String body = new String(request.exchange().expectStatus().isUnauthorized()
                    .expectBody().returnResult().getResponseBodyContent());
            assertError(body, ErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    void badParametersAre400() {
        for (String query : new String[]{"limit=0", "limit=101", "limit=ten", "platform=myspace",
                "status=dead", "cursor=%%%", "cursor=bm90LWFuLWlk"}) {
            assertError(get("/v1/accounts?" + query, 400), ErrorCode.VALIDATION_FAILED);
        }
        assertThat(getJson("/v1/accounts?limit=100", 200).get("data")).isEmpty();
    }

    @Test
    void malformedJsonIs400() {
        String body = new String(http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ")
                .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBodyContent());
        assertError(body, ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void unknownRoutesAre404InTheEnvelope() {
        assertError(get("/v1/nothing-here", 404), ErrorCode.NOT_FOUND);
        String outside = new String(http.get().uri("/nothing-here").exchange().expectStatus().isNotFound()
                .expectBody().returnResult().getResponseBodyContent());
        assertError(outside, ErrorCode.NOT_FOUND);
    }

    @Test
    void aWrongMethodIs405InTheEnvelope() {
        String body = new String(http.put().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(405).expectBody().returnResult().getResponseBodyContent());
        assertError(body, ErrorCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void everyAnswerCarriesItsRequestIdAndErrorsRepeatIt() {
        EntityExchangeResult<byte[]> ok = http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult();
        assertThat(ok.getResponseHeaders().getFirst("x-request-id")).startsWith("req_");

        EntityExchangeResult<byte[]> failed = http.get().uri("/v1/accounts/acc_missing")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNotFound().expectBody().returnResult();
        String requestId = failed.getResponseHeaders().getFirst("x-request-id");
        assertThat(requestId).startsWith("req_").isNotEqualTo(ok.getResponseHeaders().getFirst("x-request-id"));
        assertThat(read(new String(failed.getResponseBodyContent())).at("/error/requestId").asText()).isEqualTo(requestId);
    }

    private String get(String path, int status) {
        return new String(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBodyContent());
    }

    private JsonNode getJson(String path, int status) {
        return read(get(path, status));
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private void assertError(String body, ErrorCode code) {
        JsonNode error = read(body).get("error");
        assertThat(error).as(body).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code.code());
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("requestId").asText()).startsWith("req_");
        assertThat(body).doesNotContain("Exception", "\tat ", "trace");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(account -> ids.add(account.get("id").asText()));
        return ids;
    }
}
