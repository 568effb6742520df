package dev.mooring.api.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code /v1} route needs its one scope: walked, route by route, with a key that has every
 * scope but that one (403 {@code insufficient_scope} naming it, and the handler never runs) and
 * with a key that has only that one (the route's own answer). A route added without a row here
 * fails {@link #everyRouteIsInTheTable}.
 */
@MooringTest
class ScopesTest {

    private static final String MISSING_ACCOUNT = "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ";

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    List<RequestMappingInfoHandlerMapping> mappings;
    @LocalServerPort
    int port;

    Tenant tenant;
    String account;

    /** One request to one route, and the scope it needs. */
    record Route(HttpMethod method, String path, String body, ApiScope scope) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeEach
    void workspaceWithAnAccount() {
        tenant = accounts.tenant();
        // a sandbox account: the proxy rows really call its platform, which must be this machine, never api.x.com
        account = accounts.connected(tenant.workspace(), Platform.SANDBOX, "scoped-" + System.nanoTime()).id().value();
    }

    /** Requests that would change something name accounts and endpoints that do not exist: the answer is all that counts. */
    private List<Route> routes() {
        String endpoint = "/v1/webhook-endpoints/whe_01JZZZZZZZZZZZZZZZZZZZZZZZ";
        List<Route> routes = new ArrayList<>(List.of(
                new Route(HttpMethod.GET, "/v1/accounts", null, ApiScope.ACCOUNTS_READ),
                new Route(HttpMethod.HEAD, "/v1/accounts", null, ApiScope.ACCOUNTS_READ),
                new Route(HttpMethod.GET, "/v1/accounts/" + account, null, ApiScope.ACCOUNTS_READ),
                new Route(HttpMethod.GET, "/v1/accounts/" + account + "/history", null, ApiScope.ACCOUNTS_READ),
                new Route(HttpMethod.GET, "/v1/events", null, ApiScope.ACCOUNTS_READ),
                new Route(HttpMethod.DELETE, "/v1/accounts/" + MISSING_ACCOUNT, null, ApiScope.ACCOUNTS_WRITE),
                new Route(HttpMethod.POST, "/v1/accounts/" + MISSING_ACCOUNT + "/refresh", null, ApiScope.ACCOUNTS_WRITE),
                new Route(HttpMethod.POST, "/v1/accounts/" + MISSING_ACCOUNT + "/verify", null, ApiScope.ACCOUNTS_WRITE),
                new Route(HttpMethod.POST, "/v1/accounts/import", "{\"accounts\": []}", ApiScope.ACCOUNTS_IMPORT),
                new Route(HttpMethod.POST, "/v1/accounts/connect/sandbox", "{}", ApiScope.CONNECT),
                new Route(HttpMethod.POST, "/v1/accounts/connect/facebook/select", "{}", ApiScope.CONNECT),
                new Route(HttpMethod.POST, "/v1/accounts/connect/pinterest/select", "{}", ApiScope.CONNECT),
                new Route(HttpMethod.POST, "/v1/accounts/connect/bluesky/complete", "{}", ApiScope.CONNECT),
                new Route(HttpMethod.POST, "/v1/connect-sessions", "{}", ApiScope.CONNECT),
                new Route(HttpMethod.POST, "/v1/accounts/" + account + "/access-token", null, ApiScope.TOKENS_READ),
                new Route(HttpMethod.POST, "/v1/accounts/" + account + "/proxy/2/tweets", "{\"text\": \"hi\"}", ApiScope.PROXY),
                new Route(HttpMethod.GET, "/v1/accounts/" + account + "/proxy/v2/userinfo", null, ApiScope.PROXY),
                new Route(HttpMethod.GET, "/v1/accounts/" + account + "/proxy-url?url=https%3A%2F%2Fapi.x.com%2F2%2Fusers%2Fme",
                        null, ApiScope.PROXY),
                new Route(HttpMethod.GET, "/v1/webhook-endpoints", null, ApiScope.WEBHOOKS),
                new Route(HttpMethod.POST, "/v1/webhook-endpoints", "{}", ApiScope.WEBHOOKS),
                new Route(HttpMethod.GET, endpoint, null, ApiScope.WEBHOOKS),
                new Route(HttpMethod.PATCH, endpoint, "{\"enabled\": true}", ApiScope.WEBHOOKS),
                new Route(HttpMethod.DELETE, endpoint, null, ApiScope.WEBHOOKS),
                new Route(HttpMethod.POST, endpoint + "/rotate-secret", null, ApiScope.WEBHOOKS),
                new Route(HttpMethod.GET, endpoint + "/deliveries", null, ApiScope.WEBHOOKS),
                new Route(HttpMethod.POST, endpoint + "/deliveries/whd_missing/resend", null, ApiScope.WEBHOOKS),
                new Route(HttpMethod.GET, "/v1/api-keys", null, ApiScope.KEYS),
                new Route(HttpMethod.POST, "/v1/api-keys", "{\"name\": \"made by a keys key\", \"scopes\": [\"keys\"]}", ApiScope.KEYS),
                new Route(HttpMethod.DELETE, "/v1/api-keys/key_missing", null, ApiScope.KEYS)));
        // the proxy takes every method a platform API answers, each behind the same scope
        for (HttpMethod method : List.of(HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS)) {
            routes.add(new Route(method, "/v1/accounts/" + account + "/proxy/v2/userinfo", null, ApiScope.PROXY));
        }
        for (HttpMethod method : List.of(HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS)) {
            routes.add(new Route(method, "/v1/accounts/" + account + "/proxy-url?url=https%3A%2F%2Fapi.x.com%2F2%2Fusers%2Fme",
                    null, ApiScope.PROXY));
        }
        return routes;
    }

    @Test
    void aKeyWithoutTheRoutesScopeIsRefusedWithItsName() {
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes()) {
            Set<ApiScope> allButOne = EnumSet.complementOf(EnumSet.of(route.scope()));
            Answer answer = send(route, key(allButOne));
            softly.assertThat(answer.status()).as(route + " without " + route.scope().wireName()).isEqualTo(403);
            if (route.method() != HttpMethod.HEAD) {
                softly.assertThat(answer.body().at("/error/code").asText()).as(route + " code").isEqualTo("insufficient_scope");
                softly.assertThat(answer.body().at("/error/message").asText()).as(route + " message")
                        .isEqualTo("this API key lacks the scope " + route.scope().wireName());
            }
        }
        softly.assertAll();
        // refused at the gate: the POST /v1/api-keys above made no key, the connect start no session
        assertThat(keys.list(tenant.workspace())).extracting(ApiKeys.KeyInfo::name).doesNotContain("made by a keys key");
    }

    @Test
    void aKeyWithOnlyTheRoutesScopeGetsTheRoutesOwnAnswer() {
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes()) {
            Answer answer = send(route, key(EnumSet.of(route.scope())));
            softly.assertThat(answer.status()).as(route + " with only " + route.scope().wireName()).isNotIn(401, 403);
        }
        softly.assertAll();
        assertThat(keys.list(tenant.workspace())).extracting(ApiKeys.KeyInfo::name).contains("made by a keys key");
    }

    @Test
    void aKeyWithoutProxyIsRefusedTheProxy() {
        String defaults = key(ApiScope.DEFAULTS);
        String noProxy = key(EnumSet.complementOf(EnumSet.of(ApiScope.PROXY)));
        http.post().uri("/v1/accounts/" + account + "/proxy/2/tweets").header(HttpHeaders.AUTHORIZATION, "Bearer " + noProxy)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hello"))
                .exchange().expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("insufficient_scope")
                .jsonPath("$.error.message").isEqualTo("this API key lacks the scope proxy")
                .jsonPath("$.error.requestId").isNotEmpty();
        // today's keys may use the proxy when it comes: they keep what they can do
        http.post().uri("/v1/accounts/" + account + "/proxy/2/tweets").header(HttpHeaders.AUTHORIZATION, "Bearer " + defaults)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hello"))
                .exchange().expectStatus().value(status -> assertThat(status).isNotIn(401, 403));
    }

    @Test
    void noKeyIsStillUnauthenticatedAndAWrongOneToo() {
        http.post().uri("/v1/accounts/" + account + "/access-token")
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
        http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer mk_" + "A".repeat(43))
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("unauthenticated");
    }

    @Test
    void aPathThatIsNoRouteStillAnswers404() {
        http.get().uri("/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, "Bearer " + key(EnumSet.of(ApiScope.KEYS)))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
    }

    @Test
    void everyRouteIsInTheTable() {
        List<String> missing = new ArrayList<>();
        for (RequestMappingInfo info : mappings.stream().flatMap(mapping -> mapping.getHandlerMethods().keySet().stream()).toList()) {
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                if (!pattern.getPatternString().startsWith("/v1/")
                        || pattern.getPatternString().equals("/v1/accounts/connect/{platform}/complete")
                        || pattern.getPatternString().startsWith(GateRoutes.OPENAPI_DOCUMENT)) {
                    continue; // not the API, the platform's redirect back (its state authorizes it), or the public description
                }
                info.getMethodsCondition().getMethods().forEach(method -> {
                    boolean walked = routes().stream().anyMatch(route -> route.method().name().equals(method.name())
                            && pattern.matches(PathContainer.parsePath(URI.create(route.path()).getRawPath())));
                    if (!walked) {
                        missing.add(method + " " + pattern);
                    }
                });
            }
        }
        assertThat(missing).as("routes with no row in the scope table").isEmpty();
    }

    private String key(Set<ApiScope> scopes) {
        return keys.create(tenant.workspace(), "scopes " + scopes, scopes).key();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(Route route, String key) {
        try {
            return sent(route, key);
        } catch (IllegalStateException noAnswer) {
            // a timeout names no request: say which route never answered
            throw new AssertionError(route + " gave no answer within 30 s", noAnswer);
        }
    }

    private Answer sent(Route route, String key) {
        WebTestClient.RequestBodySpec request = http.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                // absolute and already encoded, so the client does not encode the proxy-url query again
                .method(route.method()).uri(URI.create("http://localhost:" + port + route.path()))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        if (route.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).bodyValue(route.body());
        }
        if (route.path().equals("/v1/events")) {
            // a stream that is let in stays open: its status is the answer, then it is closed
            FluxExchangeResult<String> stream = request.exchange().returnResult(String.class);
            int status = stream.getStatus().value();
            if (status == 200) {
                stream.getResponseBody().take(Duration.ofMillis(200)).blockLast(Duration.ofSeconds(10));
                return new Answer(status, null);
            }
            return new Answer(status, stream.getResponseBody().reduce(String::concat).map(ScopesTest::json).block());
        }
        EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
        byte[] body = result.getResponseBodyContent();
        return new Answer(result.getStatus().value(), json(body == null ? "" : new String(body, StandardCharsets.UTF_8)));
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text.isEmpty() ? "{}" : text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
