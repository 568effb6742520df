package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.x.XTestServer;
import dev.mooring.api.support.RawHttp;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A proxied call never leaves its platform's host: path spellings that could (absolute URLs, dot
 * segments plain or encoded, encoded slashes and backslashes, userinfo, empty segments, control
 * characters) answer {@code 400 invalid_proxy_path} and send nothing anywhere; {@code proxy-url}
 * reaches only the account's platform's upload origins ({@code 400 proxy_host_not_allowed}).
 * Requests go out byte for byte (RawHttp): an HTTP client would tidy the tricks away.
 */
@ProxyTest
class ProxyPathTest {

    /** What follows {@code /proxy} in each request, as sent. */
    private static final List<String> TRICKS = List.of(
            "/https://evil.example/2/users/me",
            "/https:/evil.example/2/users/me",
            "//evil.example/2/users/me",
            "/../../v1/api-keys",
            "/2/users/./me",
            "/2/users/%2e%2e/%2e%2e/admin",
            "/2/%2E%2e/me",
            "/2/users%2fme",
            "/2/users%2Fme",
            "/2/users%5cme",
            "/2/users/%252e%252e/me",
            "/@evil.example/2/users/me",
            "/2/users/me@evil.example",
            "/2/users/%40evil.example",
            "/2/users/%00me",
            "/2/users/%0d%0aHost:%20evil.example",
            "/2/users;jsessionid=1/me",
            "/");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    XTestServer x;
    @Autowired
    LinkedInTestServer linkedInServer;
    @Autowired
    UploadTestServer uploads;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = accounts.tenant();
    }

    @AfterEach
    void forgetUploads() {
        uploads.reset();
    }

    @Test
    void everyPathTrickIsRefusedWithItsCodeAndNothingIsSent() throws Exception {
        AccountId id = proxy.connected(tenant.workspace(), Platform.X, "x-paths", x.grant(
                new XTestServer.User("x-paths", "Paths", "paths", "https://pbs.twimg.test/p.jpg")).accessToken());

        for (String trick : TRICKS) {
            RawHttp.Response answer = RawHttp.send(port, "GET", "/v1/accounts/" + id.value() + "/proxy" + trick,
                    Map.of("Authorization", tenant.bearer()));
            assertThat(answer.status()).as(trick).isEqualTo(400);
            assertThat(json.readTree(answer.body()).at("/error/code").asText()).as(trick).isEqualTo("invalid_proxy_path");
        }
        // any request that reached the X test server at an unknown path also fails this test (FailOnPlatformViolations)
        assertThat(x.calls(XTestServer.USERS_ME)).isZero();
        assertThat(uploads.requests()).isEmpty();
        assertThat(RawHttp.send(port, "GET", "/v1/accounts/" + id.value() + "/proxy/2/users/me",
                Map.of("Authorization", tenant.bearer())).status()).as("the plain path works").isEqualTo(200);
    }

    @Test
    void proxyUrlReachesOnlyThePlatformsUploadOrigins() throws Exception {
        AccountId linkedIn = proxy.connected(tenant.workspace(), Platform.LINKEDIN, "li-urls", linkedInServer.grant(
                new LinkedInTestServer.Member("li-urls", "Url", "Tester", "https://media.licdn.test/u.jpg", "u@example.org")).accessToken());
        AccountId xAccount = proxy.connected(tenant.workspace(), Platform.X, "x-urls", x.grant(
                new XTestServer.User("x-urls", "Urls", "urls", "https://pbs.twimg.test/u.jpg")).accessToken());
        String upload = uploads.url("/echo").toString();

        assertThat(proxyUrl(linkedIn, upload).statusCode()).as("an upload origin of LinkedIn's").isEqualTo(200);
        assertThat(uploads.requests()).hasSize(1);
        uploads.reset();

        Map<String, String> refused = Map.of(
                "https://evil.example/upload", "proxy_host_not_allowed",
                x.url(XTestServer.USERS_ME).toString(), "proxy_host_not_allowed", // the same address, another port
                "http://127.0.0.1.evil.example:" + uploads.origin().getPort() + "/echo", "proxy_host_not_allowed",
                "https://" + uploads.origin().getAuthority() + "/echo", "proxy_host_not_allowed", // another scheme
                "http://user:pw@" + uploads.origin().getAuthority() + "/echo", "invalid_proxy_path",
                "ftp://" + uploads.origin().getAuthority() + "/echo", "invalid_proxy_path",
                "/echo", "invalid_proxy_path",
                uploads.origin() + "/a\\b", "invalid_proxy_path");
        for (Map.Entry<String, String> url : refused.entrySet()) {
            HttpResponse<String> answer = proxyUrl(linkedIn, url.getKey());
            assertThat(answer.statusCode()).as(url.getKey()).isEqualTo(400);
            assertThat(json.readTree(answer.body()).at("/error/code").asText()).as(url.getKey()).isEqualTo(url.getValue());
        }
        HttpResponse<String> notX = proxyUrl(xAccount, upload);
        assertThat(json.readTree(notX.body()).at("/error/code").asText()).as("X has no upload origins").isEqualTo("proxy_host_not_allowed");
        assertThat(uploads.requests()).isEmpty();
        assertThat(x.calls(XTestServer.USERS_ME)).isZero();
    }

    private HttpResponse<String> proxyUrl(AccountId id, String url) {
        return proxy.send("GET", "/v1/accounts/" + id.value() + "/proxy-url?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8),
                tenant.key(), Map.of(), null);
    }
}
