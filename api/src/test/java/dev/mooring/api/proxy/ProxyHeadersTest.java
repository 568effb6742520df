package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What crosses the proxy besides the body: allow-listed headers both ways, the caller's query
 * without credential parameters, the account's token in place of the caller's key, redirects
 * handed back instead of followed, and a platform that cannot be reached.
 */
@ProxyTest
class ProxyHeadersTest {

    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    Jdbi jdbi;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    UploadTestServer uploads;
    @Autowired
    ProxyTest.NowhereOrigin nowhere;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;
    String token;
    AccountId id;

    @BeforeEach
    void linkedInAccount() {
        tenant = accounts.tenant();
        token = linkedIn.grant(new LinkedInTestServer.Member("li-headers", "Head", "Ers", "https://media.licdn.test/h.jpg",
                "h@example.org")).accessToken();
        id = proxy.connected(tenant.workspace(), Platform.LINKEDIN, "li-headers-" + System.nanoTime(), token);
    }

    @AfterEach
    void forgetUploads() {
        uploads.reset();
    }

    @Test
    void onlyAllowedHeadersCrossEitherWayAndTheAccountsTokenReplacesTheCallersKey() throws Exception {
        int keptBefore = DatabaseRows.of(jdbi, "idempotency_keys").size();
        Map<String, String> sent = Map.of("Content-Type", "text/plain", "Accept-Language", "fr", "LinkedIn-Version", "202511",
                "Idempotency-Key", "post-1", "Cookie", "session=caller", "X-Forwarded-For", "203.0.113.9",
                "X-Forwarded-Host", "evil.example", "X-Caller-Internal", "secret-ish");

        HttpResponse<String> answer = proxyUrl("POST", "/echo?a=1&access_token=forged&b=2&appsecret_proof=forged&ACCESS_TOKEN=x",
                sent, "hello");
        HttpResponse<String> again = proxyUrl("POST", "/echo?a=1", sent, "hello");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        UploadTestServer.Seen seen = uploads.requests().get(0);
        assertThat(seen.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(seen.header("Authorization")).doesNotContain(tenant.key());
        assertThat(seen.rawQuery()).isEqualTo("a=1&b=2");
        assertThat(seen.header("Host")).isEqualTo(uploads.origin().getAuthority());
        assertThat(seen.headers()).containsKeys("accept-language", "linkedin-version", "idempotency-key", "content-type")
                .doesNotContainKeys("cookie", "x-forwarded-for", "x-forwarded-host", "x-caller-internal");
        assertThat(seen.bytes()).isEqualTo(5);

        assertThat(answer.headers().firstValue("x-mooring-platform-status")).hasValue("200");
        assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).hasValue("7");
        assertThat(answer.headers().map().keySet()).map(String::toLowerCase)
                .doesNotContain("set-cookie", "server-timing", "x-ratelimit-echo");
        assertThat(answer.body() + answer.headers().map()).doesNotContain(token);

        assertThat(again.statusCode()).as("an Idempotency-Key is the platform's, never replayed here").isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(uploads.requests()).hasSize(2);
        assertThat(DatabaseRows.of(jdbi, "idempotency_keys")).hasSize(keptBefore);
    }

    @Test
    void aRedirectIsHandedBackAsItIsAndNotFollowed() {
        HttpResponse<String> answer = proxyUrl("GET", "/redirect", Map.of(), null);

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValue("http://elsewhere.example/landing");
        assertThat(answer.headers().firstValue("x-mooring-platform-status")).hasValue("302");
        assertThat(uploads.requests()).hasSize(1);
    }

    @Test
    void aPlatformThatCannotBeReachedIsPlatformUnavailable() throws Exception {
        HttpResponse<String> answer = proxy.send("PUT", "/v1/accounts/" + id.value() + "/proxy-url?url="
                + URLEncoder.encode(nowhere.origin() + "/upload", StandardCharsets.UTF_8), tenant.key(), Map.of(), "bytes");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(json.readTree(answer.body()).at("/error/code").asText()).isEqualTo("platform_unavailable");
        assertThat(answer.body()).doesNotContain(token).doesNotContain(nowhere.origin().getAuthority());
    }

    private HttpResponse<String> proxyUrl(String method, String pathAndQuery, Map<String, String> headers, String body) {
        return proxy.send(method, "/v1/accounts/" + id.value() + "/proxy-url?url="
                + URLEncoder.encode(uploads.url(pathAndQuery).toString(), StandardCharsets.UTF_8), tenant.key(), headers, body);
    }
}
