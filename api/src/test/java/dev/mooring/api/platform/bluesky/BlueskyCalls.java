package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mooring's HTTP API as a Bluesky client uses it, for one workspace. Every answer is checked for
 * the test PDS's app passwords and JWTs before a test sees it.
 */
final class BlueskyCalls {

    private final WebTestClient http;
    private final Tenant tenant;
    private final TestPds pds;
    private final ObjectMapper json;
    private final Jdbi jdbi;

    BlueskyCalls(WebTestClient http, Tenant tenant, TestPds pds, ObjectMapper json, Jdbi jdbi) {
        // a connect makes four upstream calls: more than the default 5 s on a busy machine's first request
        this.http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        this.tenant = tenant;
        this.pds = pds;
        this.json = json;
        this.jdbi = jdbi;
    }

    /** An answer: status, JSON body, headers. */
    record Answer(int status, JsonNode body, HttpHeaders headers) {
        String errorCode() {
            return body.at("/error/code").asText(null);
        }

        String errorMessage() {
            return body.at("/error/message").asText(null);
        }
    }

    Answer connect(String identifier, String appPassword) {
        return answer(http.post().uri("/v1/accounts/connect/bluesky/complete")
                .header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("identifier", identifier, "appPassword", appPassword)));
    }

    /** Connects and answers the new account's id, failing the test unless it worked. */
    String bearer() {
        return tenant.bearer();
    }

    String connected(String identifier, String appPassword) {
        Answer answer = connect(identifier, appPassword);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        return answer.body().get("id").asText();
    }

    Answer refresh(String accountId) {
        return answer(http.post().uri("/v1/accounts/" + accountId + "/refresh").header(HttpHeaders.AUTHORIZATION, tenant.bearer()));
    }

    Answer verify(String accountId) {
        return answer(http.post().uri("/v1/accounts/" + accountId + "/verify").header(HttpHeaders.AUTHORIZATION, tenant.bearer()));
    }

    Answer get(String accountId) {
        return answer(http.get().uri("/v1/accounts/" + accountId).header(HttpHeaders.AUTHORIZATION, tenant.bearer()));
    }

    Answer list() {
        return answer(http.get().uri("/v1/accounts?platform=bluesky").header(HttpHeaders.AUTHORIZATION, tenant.bearer()));
    }

    /** No account, identity or event anywhere names this DID. */
    void assertNothingStoredFor(String did) {
        assertThat(list().body().get("data")).isEmpty();
        assertThat(count("select count(*) from account_identities where platform_user_id = :did", did)).isZero();
        assertThat(count("select count(*) from domain_event_entry where position(:did in convert_from(payload, 'UTF8')) > 0", did))
                .isZero();
    }

    /** The account's events by type, oldest first. */
    List<String> eventTypes(String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select payload_type from domain_event_entry where aggregate_identifier = :id order by sequence_number""")
                .bind("id", accountId)
                .map((rs, ctx) -> rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1))
                .list());
    }

    private int count(String sql, String did) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).bind("did", did).mapTo(Integer.class).one());
    }

    private Answer answer(WebTestClient.RequestHeadersSpec<?> request) {
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        String body = result.getResponseBody() == null ? "" : new String(result.getResponseBody());
        pds.assertNoSecretIn(body);
        try {
            return new Answer(result.getStatus().value(), json.readTree(body.isEmpty() ? "{}" : body),
                    result.getResponseHeaders());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
