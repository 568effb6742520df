package dev.mooring.api.connectpage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code POST /v1/connect-sessions} as a posting tool calls it, and the page's own routes as its script does. */
final class ConnectLinksApi {

    record Answer(int status, JsonNode json) {
        String code() {
            return json.at("/error/code").asText();
        }
    }

    private final WebTestClient http;

    ConnectLinksApi(WebTestClient http) {
        this.http = http;
    }

    Answer create(Tenant tenant, Map<String, ?> body) {
        return answer(http.post().uri("/v1/connect-sessions").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange());
    }

    /** A link that must be made; its url. */
    URI link(Tenant tenant, Map<String, ?> body) {
        Answer created = create(tenant, body);
        if (created.status() != 201) {
            throw new AssertionError("no link: " + created);
        }
        return URI.create(created.json().get("url").asText());
    }

    Answer page(URI link, String method, String route, Map<String, ?> body) {
        WebTestClient.RequestBodySpec request = http.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(link.getPath() + route);
        return answer(body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange());
    }

    private static Answer answer(WebTestClient.ResponseSpec spec) {
        var result = spec.expectBody().returnResult();
        byte[] body = result.getResponseBody();
        return new Answer(result.getStatus().value(),
                ConnectApi.json(body == null ? "{}" : new String(body, StandardCharsets.UTF_8)));
    }
}
