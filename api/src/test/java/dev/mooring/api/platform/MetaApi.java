package dev.mooring.api.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mooring's API as the Meta tests call it: start a connect, post and get as a workspace, read the
 * answer, and check that nothing secret came back and what a workspace has stored.
 */
public final class MetaApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebTestClient http;
    private final Jdbi jdbi;

    public MetaApi(WebTestClient http, Jdbi jdbi) {
        this.http = http;
        this.jdbi = jdbi;
    }

    public record Answer(int status, JsonNode json, String text) {
    }

    public record Started(String redirectUrl, String state) {
    }

    /** {@code POST /v1/accounts/connect/<platform>} with the body; the user's browser goes to {@code redirectUrl}. */
    public Started start(Tenant tenant, String platform, Map<String, String> body) {
        Answer answer = post(tenant, "/v1/accounts/connect/" + platform, body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return new Started(answer.json().get("redirectUrl").asText(), answer.json().get("state").asText());
    }

    public Answer post(Tenant tenant, String path, Map<String, String> body) {
        var result = http.post().uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectBody(String.class).returnResult();
        return answer(result.getStatus().value(), result.getResponseBody());
    }

    public Answer get(Tenant tenant, String path) {
        var result = http.get().uri(path).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectBody(String.class).returnResult();
        return answer(result.getStatus().value(), result.getResponseBody());
    }

    /** The answer parsed, after checking it holds no token or secret any test server issued. */
    public static Answer answer(int status, String text) {
        String body = text == null ? "" : text;
        assertNoSecret(body);
        try {
            return new Answer(status, body.isBlank() ? JSON.nullNode() : JSON.readTree(body), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer of a check or refresh that met a dead token: 422, and the account revoked. */
    public void assertRevoked(Tenant tenant, String accountId, Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(422);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("platform_auth_failed");
        JsonNode account = get(tenant, "/v1/accounts/" + accountId).json();
        assertThat(account.get("status").asText()).isEqualTo("revoked");
        assertThat(account.get("statusCode").asText()).isEqualTo("platform_auth_failed");
    }

    /** The answer of a check or refresh that met a passing failure: 503, and the account still active. */
    public void assertStillActive(Tenant tenant, String accountId, Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("platform_unavailable");
        assertThat(get(tenant, "/v1/accounts/" + accountId).json().get("status").asText()).isEqualTo("active");
    }

    /** A query parameter of {@code url}, decoded. */
    public static String queryParam(URI url, String name) {
        String raw = UriComponentsBuilder.fromUri(url).build().getQueryParams().getFirst(name);
        return raw == null ? null : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    public static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(MetaTestServer.SECRET_MARKER);
    }

    /** Rows the workspace has anywhere a connect could have left one: accounts, identities, credentials, events, pending choices. */
    public Map<String, Integer> storedRows(Tenant tenant) {
        String workspace = tenant.workspace().value();
        return jdbi.withHandle(handle -> Map.of(
                "accounts", count(handle, "select count(*) from accounts where workspace_id = :w", workspace),
                "account_identities", count(handle, "select count(*) from account_identities where workspace_id = :w", workspace),
                "account_credentials", count(handle, "select count(*) from account_credentials where workspace_id = :w", workspace),
                "events", count(handle, "select count(*) from domain_event_entry where position(convert_to(:w, 'UTF8') in payload) > 0", workspace),
                "connect_choices", count(handle, "select count(*) from connect_choices where workspace_id = :w", workspace)));
    }

    private static int count(Handle handle, String sql, String workspace) {
        return handle.createQuery(sql).bind("w", workspace).mapTo(Integer.class).one();
    }
}
