package dev.mooring.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.api.support.WebhookApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Managing webhook endpoints: the secret shown once, validation, and strangers seeing nothing. */
@MooringTest
class WebhookEndpointsApiTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;

    Tenant tenant;
    WebhookApi webhooks;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
        webhooks = new WebhookApi(http, tenant);
    }

    @Test
    void anEndpointIsCreatedWithAllEventTypesAndItsSecretIsShownOnlyOnce() {
        JsonNode created = send(HttpMethod.POST, "/v1/webhook-endpoints", Map.of("url", "https://hooks.example/mooring"), 201);

        String id = created.get("id").asText();
        String secret = created.get("secret").asText();
        assertThat(id).startsWith("ep_");
        assertThat(secret).startsWith("whsec_");
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(created.get("eventTypes")).extracting(JsonNode::asText)
                .containsExactly("account.connected", "account.disconnected", "token.expiring", "token.revoked");

        String one = raw(HttpMethod.GET, "/v1/webhook-endpoints/" + id, null, 200);
        String all = raw(HttpMethod.GET, "/v1/webhook-endpoints", null, 200);
        assertThat(read(one).get("url").asText()).isEqualTo("https://hooks.example/mooring");
        assertThat(read(all).get("data")).extracting(e -> e.get("id").asText()).containsExactly(id);
        assertThat(one + all).doesNotContain(secret).doesNotContain("secret");
    }

    @Test
    void anEndpointCanBeChangedAndDeleted() {
        WebhookApi.Endpoint endpoint = webhooks.create("https://hooks.example/a", null);

        JsonNode changed = webhooks.change(endpoint.id(), Map.of("url", "https://hooks.example/b",
                "eventTypes", List.of("token.revoked"), "enabled", false));

        assertThat(changed.get("url").asText()).isEqualTo("https://hooks.example/b");
        assertThat(changed.get("eventTypes")).extracting(JsonNode::asText).containsExactly("token.revoked");
        assertThat(changed.get("enabled").asBoolean()).isFalse();
        assertThat(webhooks.change(endpoint.id(), Map.of("enabled", true)).get("url").asText())
                .isEqualTo("https://hooks.example/b");

        raw(HttpMethod.DELETE, "/v1/webhook-endpoints/" + endpoint.id(), null, 204);
        raw(HttpMethod.GET, "/v1/webhook-endpoints/" + endpoint.id(), null, 404);
        raw(HttpMethod.DELETE, "/v1/webhook-endpoints/" + endpoint.id(), null, 404);
    }

    @Test
    void rotationGivesANewSecretAndKeepsTheOldOneSigningFor24Hours() {
        WebhookApi.Endpoint endpoint = webhooks.create("https://hooks.example/rotating", null);

        JsonNode rotated = send(HttpMethod.POST, "/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret", null, 200);

        assertThat(rotated.get("secret").asText()).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        Instant until = Instant.parse(rotated.get("previousSecretExpiresAt").asText());
        assertThat(Duration.between(Instant.now(), until)).isBetween(Duration.ofHours(23), Duration.ofHours(25));
    }

    @Test
    void anotherWorkspacesEndpointIsNotFound() {
        WebhookApi.Endpoint theirs = new WebhookApi(http, accounts.tenant()).create("https://hooks.example/theirs", null);
        String path = "/v1/webhook-endpoints/" + theirs.id();

        raw(HttpMethod.GET, path, null, 404);
        raw(HttpMethod.PATCH, path, Map.of("enabled", false), 404);
        raw(HttpMethod.DELETE, path, null, 404);
        raw(HttpMethod.POST, path + "/rotate-secret", null, 404);
        raw(HttpMethod.GET, path + "/deliveries", null, 404);
        raw(HttpMethod.POST, path + "/deliveries/dlv_01NOSUCHDELIVERYXXXXXXXXXX/resend", null, 404);
        assertThat(read(raw(HttpMethod.GET, "/v1/webhook-endpoints", null, 200)).get("data")).isEmpty();
    }

    @Test
    void urlsMustBeHttpsExceptToThisMachineOnTheEmbeddedDefault() {
        for (String url : new String[]{"http://hooks.example/x", "ftp://hooks.example/x", "hooks.example/x",
                "https://user:pw@hooks.example/x", "not a url", ""}) {
            assertThat(read(raw(HttpMethod.POST, "/v1/webhook-endpoints", Map.of("url", url), 400))
                    .at("/error/code").asText()).as(url).isEqualTo("validation_failed");
        }
        raw(HttpMethod.POST, "/v1/webhook-endpoints", Map.of("url", "http://127.0.0.1:9/hooks"), 201);
        raw(HttpMethod.POST, "/v1/webhook-endpoints", Map.of("url", "http://localhost:9/hooks"), 201);
    }

    @Test
    void eventTypesMustBeKnownAndSomeMustBeAsked() {
        for (Object types : new Object[]{List.of(), List.of("token.refreshed"), List.of("account.connected", "nonsense")}) {
            raw(HttpMethod.POST, "/v1/webhook-endpoints", Map.of("url", "https://hooks.example/x", "eventTypes", types), 400);
        }
        WebhookApi.Endpoint endpoint = webhooks.create("https://hooks.example/x", List.of("token.expiring"));
        raw(HttpMethod.PATCH, "/v1/webhook-endpoints/" + endpoint.id(), Map.of("eventTypes", List.of()), 400);
        raw(HttpMethod.PATCH, "/v1/webhook-endpoints/" + endpoint.id(), Map.of("url", "http://hooks.example/x"), 400);
    }

    @Test
    void deliveriesOfANewEndpointAreAnEmptyPageAndBadCursorsAre400() {
        WebhookApi.Endpoint endpoint = webhooks.create("https://hooks.example/x", null);

        JsonNode page = read(raw(HttpMethod.GET, "/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", null, 200));

        assertThat(page.get("data")).isEmpty();
        assertThat(page.get("nextCursor").isNull()).isTrue();
        raw(HttpMethod.GET, "/v1/webhook-endpoints/" + endpoint.id() + "/deliveries?cursor=abc", null, 400);
        raw(HttpMethod.GET, "/v1/webhook-endpoints/" + endpoint.id() + "/deliveries?limit=0", null, 400);
    }

    private JsonNode send(HttpMethod method, String path, Object body, int status) {
        return read(raw(method, path, body, status));
    }

    private String raw(HttpMethod method, String path, Object body, int status) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer());
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        byte[] answer = ready.exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBodyContent();
        return answer == null ? "" : new String(answer);
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
