package dev.mooring.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MooringTest
class ApiKeysApiTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ApiKeys keys;

    @Test
    void aMintedKeyIsShownOnceAndWorksForItsWorkspace() {
        Tenant tenant = accounts.tenant();

        JsonNode created = mint(tenant.bearer(), "deploy bot");

        String key = created.get("key").asText();
        assertThat(key).startsWith("mk_").hasSize(46);
        assertThat(created.get("id").asText()).startsWith("key_");
        assertThat(created.get("name").asText()).isEqualTo("deploy bot");
        http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange().expectStatus().isOk();

        String listing = new String(http.get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent());
        assertThat(listing).contains(created.get("id").asText(), created.get("prefix").asText()).doesNotContain(key);
    }

    @Test
    void aRevokedKeyIsRefusedAt401() {
        Tenant tenant = accounts.tenant();
        JsonNode created = mint(tenant.bearer(), "short-lived");
        String key = created.get("key").asText();

        http.delete().uri("/v1/api-keys/" + created.get("id").asText())
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();

        http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
        http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk();
    }

    @Test
    void anotherWorkspacesKeyCannotBeRevoked() {
        Tenant mine = accounts.tenant();
        Tenant theirs = accounts.tenant();
        JsonNode theirKey = mint(theirs.bearer(), "theirs");

        http.delete().uri("/v1/api-keys/" + theirKey.get("id").asText())
                .header(HttpHeaders.AUTHORIZATION, mine.bearer())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + theirKey.get("key").asText())
                .exchange().expectStatus().isOk();
    }

    @Test
    void aKeyNameMustBeReasonable() {
        Tenant tenant = accounts.tenant();
        http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "x".repeat(101)))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_failed");
    }

    @Test
    void aKeyHasTodaysScopesUnlessOthersAreAskedFor() {
        Tenant tenant = accounts.tenant();

        JsonNode plain = mint(tenant.bearer(), "plain");
        assertThat(scopes(plain)).containsExactly("accounts:read", "accounts:write", "accounts:import", "connect", "proxy", "webhooks", "keys");

        JsonNode reader = mint(tenant.bearer(), Map.of("name", "reader", "scopes", List.of("accounts:read")));
        assertThat(scopes(reader)).containsExactly("accounts:read");
        JsonNode listing = http.get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listing.get("data")).anySatisfy(key -> {
            assertThat(key.get("id").asText()).isEqualTo(reader.get("id").asText());
            assertThat(scopes(key)).containsExactly("accounts:read");
        });
        String readerKey = "Bearer " + reader.get("key").asText();
        http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, readerKey).exchange().expectStatus().isOk();
        http.post().uri("/v1/webhook-endpoints").header(HttpHeaders.AUTHORIZATION, readerKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", "https://hooks.example/in"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.message").isEqualTo("this API key lacks the scope webhooks");
    }

    @Test
    void anUnknownScopeIsRefusedWithTheListOfScopes() {
        Tenant tenant = accounts.tenant();
        for (Object scopes : List.of(List.of("accounts:read", "admin"), List.of(), Arrays.asList("keys", null))) {
            http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "odd", "scopes", scopes))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error.code").isEqualTo("validation_failed")
                    .jsonPath("$.error.message").value(message -> assertThat((String) message)
                            .contains("accounts:read, accounts:write, accounts:import, connect, proxy, tokens:read, webhooks, keys")
                            .doesNotContain("admin"));
        }
        http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "odd", "scopes", "keys"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_failed");
        assertThat(names(tenant)).containsExactly("test");
    }

    @Test
    void aKeyCannotMintAKeyThatMayDoMoreThanItself() {
        Tenant tenant = accounts.tenant();
        // today's keys lack tokens:read, so they cannot hand it on
        http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "escalation", "scopes", List.of("tokens:read")))
                .exchange().expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("insufficient_scope")
                .jsonPath("$.error.message").value(message -> assertThat((String) message).contains("tokens:read"));
        String keysOnly = "Bearer " + mint(tenant.bearer(), Map.of("name", "keys only", "scopes", List.of("keys"))).get("key").asText();
        http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, keysOnly)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "escalation", "scopes", List.of("keys", "connect")))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.message").value(message -> assertThat((String) message).contains("connect"));
        // without scopes asked for, the defaults: more than this key has
        http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, keysOnly)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "escalation"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("insufficient_scope");
        assertThat(names(tenant)).containsExactlyInAnyOrder("test", "keys only");
        // a key with tokens:read may mint one
        Tenant holder = new Tenant(tenant.workspace(), keys.create(tenant.workspace(), "all",
                EnumSet.allOf(ApiScope.class)).key());
        assertThat(scopes(mint(holder.bearer(), Map.of("name", "sdk", "scopes", List.of("tokens:read", "accounts:read")))))
                .containsExactly("accounts:read", "tokens:read");
    }

    private List<String> names(Tenant tenant) {
        return keys.list(tenant.workspace()).stream().map(ApiKeys.KeyInfo::name).toList();
    }

    private static List<String> scopes(JsonNode key) {
        List<String> scopes = new ArrayList<>();
        key.get("scopes").forEach(scope -> scopes.add(scope.asText()));
        return scopes;
    }

    private JsonNode mint(String bearer, String name) {
        return mint(bearer, Map.of("name", name));
    }

    private JsonNode mint(String bearer, Map<String, Object> body) {
        return http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
