package dev.mooring.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The webhook routes as a client calls them, for tests that need endpoints and their delivery logs. */
public final class WebhookApi {

    private final WebTestClient http;
    private final String bearer;

    public WebhookApi(WebTestClient http, TestAccounts.Tenant tenant) {
        this.http = http;
        this.bearer = tenant.bearer();
    }

    /** An endpoint as created: its id and the secret shown this once. */
    public record Endpoint(String id, String secret) {
    }

    public Endpoint create(String url, List<String> eventTypes) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        if (eventTypes != null) {
            body.put("eventTypes", eventTypes);
        }
        JsonNode created = http.post().uri("/v1/webhook-endpoints").header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return new Endpoint(created.get("id").asText(), created.get("secret").asText());
    }

    public JsonNode get(String endpointId) {
        return http.get().uri("/v1/webhook-endpoints/" + endpointId).header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public JsonNode change(String endpointId, Map<String, Object> fields) {
        return http.patch().uri("/v1/webhook-endpoints/" + endpointId).header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(fields)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public String rotate(String endpointId) {
        return http.post().uri("/v1/webhook-endpoints/" + endpointId + "/rotate-secret")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("secret").asText();
    }

    /** The newest page of the endpoint's deliveries (up to 100). */
    public JsonNode deliveries(String endpointId) {
        return http.get().uri("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
    }

    public JsonNode resend(String endpointId, String deliveryId) {
        return http.post().uri("/v1/webhook-endpoints/" + endpointId + "/deliveries/" + deliveryId + "/resend")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
