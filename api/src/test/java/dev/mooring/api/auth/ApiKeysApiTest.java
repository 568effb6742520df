package dev.mooring.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MooringTest
class ApiKeysApiTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

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

    private JsonNode mint(String bearer, String name) {
        return http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
