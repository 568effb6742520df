package dev.mooring.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.RawHttp;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A foreign id and a missing one get the very same answer, and control characters in ids, names and
 * identifiers are refused with 400 before they reach anything (PostgreSQL refuses NUL: a 500).
 */
@MooringTest
class InputHygieneTest {

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;

    Tenant owner;
    Tenant stranger;

    @BeforeEach
    void twoWorkspaces() {
        owner = accounts.tenant();
        stranger = accounts.tenant();
    }

    @Test
    void aForeignAccountIdAndAMissingOneAnswerTheSameNotFound() throws IOException {
        String foreign = accounts.connected(owner.workspace(), Platform.X, "foreign-" + System.nanoTime()).id().value();
        String missing = "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ";
        List<HttpMethod> methods = List.of(HttpMethod.GET, HttpMethod.DELETE, HttpMethod.POST, HttpMethod.POST, HttpMethod.GET);
        List<String> suffixes = List.of("", "", "/refresh", "/verify", "/history");
        for (int i = 0; i < methods.size(); i++) {
            JsonNode forForeign = call(methods.get(i), "/v1/accounts/" + foreign + suffixes.get(i), stranger);
            JsonNode forMissing = call(methods.get(i), "/v1/accounts/" + missing + suffixes.get(i), stranger);
            String what = methods.get(i) + " " + suffixes.get(i);

            assertThat(forForeign.at("/status").asInt()).as(what).isEqualTo(404);
            assertThat(forForeign.at("/error/code").asText()).as(what).isEqualTo("not_found");
            assertThat(forForeign.at("/error/message").asText()).as(what)
                    .isEqualTo(forMissing.at("/error/message").asText())
                    .doesNotContain(foreign);
            assertThat(forMissing.at("/status").asInt()).as(what).isEqualTo(404);
        }
        // and the owner's account is untouched by the stranger's DELETE
        assertThat(call(HttpMethod.GET, "/v1/accounts/" + foreign, owner).at("/status").asInt()).isEqualTo(200);
    }

    @Test
    void controlCharactersInNamesAndIdentifiersInBodiesAre400() throws IOException {
        int keysBefore = keys(owner);
        List<Map.Entry<String, Map<String, Object>>> bodies = List.of(
                Map.entry("/v1/api-keys", Map.of("name", "nul\u0000name")),
                Map.entry("/v1/api-keys", Map.of("name", "forged\r\nlog line")),
                Map.entry("/v1/accounts/connect/sandbox", Map.of("boardId", "board\u0000")),
                Map.entry("/v1/accounts/connect/bluesky/complete",
                        Map.of("identifier", "alice\u0000@mail.example", "appPassword", "aaaa-bbbb-cccc-dddd")),
                Map.entry("/v1/webhook-endpoints", Map.of("url", "https://hooks.example/\u0000")));
        for (Map.Entry<String, Map<String, Object>> body : bodies) {
            EntityExchangeResult<byte[]> result = http.post().uri(body.getKey())
                    .header(HttpHeaders.AUTHORIZATION, owner.bearer()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body.getValue()).exchange().expectBody().returnResult();
            JsonNode answer = json.readTree(result.getResponseBodyContent());
            String what = body.getKey() + " " + body.getValue().keySet();

            assertThat(result.getStatus().value()).as(what + " " + answer).isEqualTo(400);
            assertThat(answer.at("/error/code").asText()).as(what).isEqualTo("validation_failed");
            assertThat(answer.at("/error/message").asText()).as(what).contains("control character");
            assertThat(answer.at("/error/requestId").asText()).as(what).startsWith("req_");
        }
        assertThat(keys(owner)).as("no key was made").isEqualTo(keysBefore);
    }

    @Test
    void controlCharactersInIdsInThePathAre400() throws IOException {
        for (String path : List.of("/v1/webhook-endpoints/whk_%00", "/v1/webhook-endpoints/whk_%00/deliveries",
                "/v1/accounts/acc_%00", "/v1/accounts/acc_%01/history", "/v1/api-keys/key_%00")) {
            for (String method : List.of("GET", "DELETE")) {
                RawHttp.Response response = RawHttp.send(port, method, path, Map.of("Authorization", owner.bearer()));
                JsonNode answer = json.readTree(response.body());

                assertThat(response.status()).as(method + " " + path + " " + response.body()).isEqualTo(400);
                assertThat(answer.at("/error/code").asText()).isEqualTo("validation_failed");
            }
        }
    }

    private int keys(Tenant tenant) throws IOException {
        return json.readTree(http.get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent()).get("data").size();
    }

    /** The answer's body with its status added as {@code status}. */
    private JsonNode call(HttpMethod method, String path, Tenant tenant) throws IOException {
        EntityExchangeResult<byte[]> result = http.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectBody().returnResult();
        byte[] body = result.getResponseBodyContent();
        com.fasterxml.jackson.databind.node.ObjectNode node = body == null || body.length == 0
                ? json.createObjectNode() : (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(body);
        node.put("status", result.getStatus().value());
        return node;
    }
}
