package dev.mooring.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Mooring's connect and account routes as a posting tool's backend calls them, with one workspace's key. */
public final class ConnectApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebTestClient http;
    private final Tenant tenant;

    public ConnectApi(WebTestClient http, Tenant tenant) {
        this.http = http;
        this.tenant = tenant;
    }

    public record Started(URI redirectUrl, String state) {
    }

    /** Starts a connect that must succeed; {@code body} holds {@code returnUrl}, {@code boardId}. */
    public Started start(String platform, Map<String, String> body) {
        JsonNode started = json(startAnswer(platform, body).expectStatus().isOk().expectBody().returnResult().getResponseBody());
        return new Started(URI.create(started.get("redirectUrl").asText()), started.get("state").asText());
    }

    /** Starts a connect, whatever the answer. */
    public WebTestClient.ResponseSpec startAnswer(String platform, Map<String, String> body) {
        return http.post().uri("/v1/accounts/connect/" + platform)
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** An answer whatever its status, with its JSON body. */
    public record Answer(int status, JsonNode json) {
    }

    /** Picks (or, without a pick, asks again for) the choice of a connect that answered {@code selection_required}. */
    public Answer select(String platform, Map<String, String> body) {
        var result = http.post().uri("/v1/accounts/connect/" + platform + "/select")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectBody().returnResult();
        return new Answer(result.getStatus().value(), json(result.getResponseBody()));
    }

    /** The workspace's accounts, the first page. */
    public JsonNode accounts() {
        return json(http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody()).get("data");
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] body) {
        return json(new String(body, StandardCharsets.UTF_8));
    }
}
