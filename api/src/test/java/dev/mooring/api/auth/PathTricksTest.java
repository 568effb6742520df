package dev.mooring.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.gate.GateRoutes;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.RawHttp;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.query.accounts.AccountsReplay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths that could mean one route to a filter and another to routing never reach a handler
 * without the key or token the route needs: they answer 400 (the firewall), 401 or 404, in the
 * error envelope, and never 2xx or 5xx.
 */
@MooringTest
@ExtendWith(OutputCaptureExtension.class)
class PathTricksTest {

    private static final String REBUILD = "/admin/v1/rebuilds/accounts";

    /** Spellings of the rebuild route that routing could reach (or once reached) past the admin filter. */
    private static final List<String> ADMIN_TRICKS = List.of(
            "/admin;/v1/rebuilds/accounts",
            "/admin;x=y/v1/rebuilds/accounts",
            "/admin/v1/rebuilds/accounts;jsessionid=x",
            "/%61dmin/v1/rebuilds/accounts",
            "/%41dmin/v1/rebuilds/accounts",
            "/%2561dmin/v1/rebuilds/accounts",
            "/admin%2Fv1%2Frebuilds%2Faccounts",
            "/admin%2fv1/rebuilds/accounts",
            "/admin%5Cv1/rebuilds/accounts",
            "/v1/../admin/v1/rebuilds/accounts",
            "/v1/%2e%2e/admin/v1/rebuilds/accounts",
            "/v1/%2E./admin/v1/rebuilds/accounts",
            "/./admin/v1/rebuilds/accounts",
            "/admin/v1/rebuilds/%2e/accounts",
            "//admin/v1/rebuilds/accounts",
            "/admin//v1/rebuilds/accounts",
            "/admin/v1/rebuilds/accounts%00",
            "/admin/v1/rebuilds/accounts%0d%0aX-Injected:%20yes",
            // trailing encoded characters
            "/admin/v1/rebuilds/accounts%2F",
            "/admin/v1/rebuilds/accounts%2f",
            "/admin/v1/rebuilds/accounts%3B",
            "/admin/v1/rebuilds/accounts%2e",
            "/admin/v1/rebuilds/accounts%5c",
            "/admin/v1/rebuilds/account%73",
            "/admin/v1/rebuilds/accounts%09");

    private static final List<String> V1_TRICKS = List.of(
            "/v1;/accounts",
            "/v1;x=y/accounts",
            "/v1/accounts;jsessionid=x",
            "/%761/accounts",
            "/v%31/accounts",
            "/v1%2Faccounts",
            "/v1%5Caccounts",
            "/x/../v1/accounts",
            "/x/%2e%2e/v1/accounts",
            "/x/%2E%2E/v1/accounts",
            "/./v1/accounts",
            "//v1/accounts",
            "/v1//accounts",
            "/v1/accounts%00",
            "/v1/api-keys;jsessionid=x",
            "/v1%2faccounts",
            "/v1/%61ccounts",
            // trailing encoded characters
            "/v1/accounts%2F",
            "/v1/accounts%3b",
            "/v1/accounts%2E",
            "/v1/accounts%5C",
            "/v1/accounts%25",
            "/v1/account%73",
            "/v1/accounts%7f");

    /** Spellings of POST /v1/api-keys, which writes a key whenever it runs (an empty body is allowed). */
    private static final List<String> KEY_WRITE_TRICKS = List.of(
            "/v1;/api-keys",
            "/v1;x=y/api-keys",
            "/v1/api-keys;x=y",
            "/%761/api-keys",
            "/v1/%61pi-keys",
            "/v1%2Fapi-keys",
            "/v1%2fapi-keys",
            "/v1%5Capi-keys",
            "/x/../v1/api-keys",
            "/x/%2e%2e/v1/api-keys",
            "/./v1/api-keys",
            "/v1/./api-keys",
            "//v1/api-keys",
            "/v1//api-keys",
            "/v1/api-keys%2F",
            "/v1/api-keys%00",
            "/v1/api-keys%20");

    /** Not URIs at all: Reactor Netty refuses them before any filter runs. */
    private static final List<String> UNPARSEABLE = List.of(
            "/admin\\v1/rebuilds/accounts",
            "/admin/v1/rebuilds/accounts\u0000",
            "/v1\\accounts",
            "/v1/accounts\u0000");

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    AccountsReplay replay;
    @Autowired
    ObjectMapper json;
    @Autowired
    @Qualifier("requestMappingHandlerMapping") // the application's routes, not the actuator's
    RequestMappingHandlerMapping routes;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @Test
    void adminPathTricksAreRefusedAndStartNoRebuild() throws Exception {
        AccountsReplay.Status before = replay.status();
        for (String trick : ADMIN_TRICKS) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", tenant.bearer()))) {
                for (String method : List.of("POST", "GET")) {
                    assertFirewalled(RawHttp.send(port, method, trick, headers), method + " " + trick);
                }
            }
        }
        assertThat(replay.status()).as("no rebuild started").isEqualTo(before);
    }

    @Test
    void v1PathTricksAreRefusedWithOrWithoutAKey() throws Exception {
        for (String trick : V1_TRICKS) {
            assertFirewalled(RawHttp.send(port, "GET", trick, Map.of()), "GET " + trick);
            assertFirewalled(RawHttp.send(port, "GET", trick, Map.of("Authorization", tenant.bearer())), "keyed GET " + trick);
            assertFirewalled(RawHttp.send(port, "POST", trick, Map.of()), "POST " + trick);
        }
    }

    /** The probe can see a write: the plain spelling creates a key; every trick spelling creates none. */
    @Test
    void v1PathTricksNeverRunTheHandler() throws Exception {
        int keys = keyCount();
        RawHttp.Response plain = RawHttp.send(port, "POST", "/v1/api-keys", Map.of("Authorization", tenant.bearer()));
        assertThat(plain.status()).as(plain.body()).isEqualTo(201);
        assertThat(keyCount()).isEqualTo(keys + 1);

        for (String trick : KEY_WRITE_TRICKS) {
            RawHttp.Response response = RawHttp.send(port, "POST", trick, Map.of("Authorization", tenant.bearer()));
            assertThat(response.status()).as("POST " + trick + " -> " + response.body()).isIn(400, 401, 404);
            assertEnvelope(response, response.status() == 400 ? "validation_failed" : response.status() == 401
                    ? "unauthenticated" : "not_found", "POST " + trick);
        }
        assertThat(keyCount()).as("no key written by any trick").isEqualTo(keys + 1);
    }

    @Test
    void pathsThatAreNoUrisAreRefusedBeforeAnyRoute() {
        AccountsReplay.Status before = replay.status();
        for (String trick : UNPARSEABLE) {
            for (String method : List.of("POST", "GET")) {
                RawHttp.Response response = RawHttp.send(port, method, trick, Map.of());
                assertThat(response.status()).as(method + " " + trick.replace("\0", "\\0")).isEqualTo(400);
            }
        }
        assertThat(replay.status()).as("no rebuild started").isEqualTo(before);
    }

    @Test
    void ordinaryPathsStillReachTheirRoutes() throws Exception {
        RawHttp.Response list = RawHttp.send(port, "GET", "/v1/accounts", Map.of("Authorization", tenant.bearer()));
        assertThat(list.status()).isEqualTo(200);
        assertThat(json.readTree(list.body()).get("data")).isEmpty();
        // an encoded character that is not unreserved is no trick: the route answers, here 404
        RawHttp.Response encoded = RawHttp.send(port, "GET", "/v1/accounts/acc%40x", Map.of("Authorization", tenant.bearer()));
        assertThat(encoded.status()).isEqualTo(404);
        assertThat(json.readTree(encoded.body()).at("/error/code").asText()).isEqualTo("not_found");

        RawHttp.Response health = RawHttp.send(port, "GET", "/actuator/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(json.readTree(health.body()).get("status").asText()).isEqualTo("UP");
    }

    /** Every /v1 route but the OAuth callbacks and the API's description needs an API key; every /admin route the admin token. */
    @Test
    void everyRouteUnderV1AndAdminNeedsItsCredential() throws Exception {
        List<String> checked = new ArrayList<>();
        for (RequestMappingInfo info : routes.getHandlerMethods().keySet()) {
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                String path = pattern.getPatternString().replaceAll("\\{[^}]+}", "x");
                boolean v1 = path.startsWith("/v1/");
                boolean admin = path.startsWith("/admin/");
                if (!v1 && !admin) {
                    continue;
                }
                List<RequestMethod> methods = info.getMethodsCondition().getMethods().isEmpty()
                        ? List.of(RequestMethod.GET) : List.copyOf(info.getMethodsCondition().getMethods());
                for (RequestMethod method : methods) {
                    if (method == RequestMethod.GET && path.equals("/v1/accounts/connect/x/complete")) {
                        continue; // the platform's redirect back: its single-use state authorizes it
                    }
                    if (method == RequestMethod.GET && path.startsWith(GateRoutes.OPENAPI_DOCUMENT)) {
                        continue; // the API's description is public (ApiDescriptionTest)
                    }
                    String what = method + " " + path;
                    checked.add(what);
                    List<Map<String, String>> wrong = new ArrayList<>(List.of(Map.of(),
                            Map.of("Authorization", "Bearer not-a-key"), Map.of("Authorization", "Basic eDp4")));
                    if (admin) {
                        wrong.add(Map.of("Authorization", tenant.bearer()));
                    } else {
                        wrong.add(Map.of("Authorization", "Bearer " + MooringTest.ADMIN_TOKEN));
                    }
                    for (Map<String, String> headers : wrong) {
                        RawHttp.Response response = RawHttp.send(port, method.name(), path, headers);
                        assertThat(response.status()).as(what + " " + headers).isEqualTo(401);
                        if (method != RequestMethod.HEAD) { // a HEAD answer has no body to carry the envelope
                            assertEnvelope(response, "unauthenticated", what);
                        }
                        assertThat(response.headers()).as("no login challenge").doesNotContainKey("www-authenticate");
                    }
                }
            }
        }
        assertThat(checked).contains("GET /v1/accounts", "POST /v1/accounts/connect/bluesky/complete",
                "POST /admin/v1/rebuilds/accounts", "DELETE /v1/webhook-endpoints/x");
    }

    /** With no admin token configured the admin routes do not exist, under any spelling. */
    @Test
    void withAdminOffEveryAdminSpellingIsAbsent(CapturedOutput output) throws Exception {
        try (RunningMooring off = RunningMooring.start("mooring.data-dir=target/test-data/" + UUID.randomUUID(),
                "mooring.admin.token=", "mooring.dev-key=false")) {
            // Spring Security's default user would print a password at start; the gate has none
            assertThat(output.getAll()).contains("Started ").doesNotContainIgnoringCase("security password");
            int offPort = Integer.parseInt(off.context().getEnvironment().getProperty("local.server.port"));
            AccountsReplay offReplay = off.bean(AccountsReplay.class);
            AccountsReplay.Status before = offReplay.status();
            RawHttp.Response plain = RawHttp.send(offPort, "GET", REBUILD, Map.of());
            assertThat(plain.status()).isEqualTo(404);
            assertEnvelope(plain, "not_found", "GET " + REBUILD);
            for (String trick : ADMIN_TRICKS) {
                for (String method : List.of("GET", "POST")) {
                    assertFirewalled(RawHttp.send(offPort, method, trick, Map.of()), "admin off: " + method + " " + trick);
                }
            }
            assertThat(offReplay.status()).isEqualTo(before);
        }
    }

    private int keyCount() throws Exception {
        RawHttp.Response list = RawHttp.send(port, "GET", "/v1/api-keys", Map.of("Authorization", tenant.bearer()));
        assertThat(list.status()).isEqualTo(200);
        return json.readTree(list.body()).get("data").size();
    }

    private void assertFirewalled(RawHttp.Response response, String what) throws Exception {
        assertThat(response.status()).as(what + " -> " + response.body()).isEqualTo(400);
        assertEnvelope(response, "validation_failed", what);
        assertThat(response.headers()).as(what).doesNotContainKey("x-injected");
    }

    private void assertEnvelope(RawHttp.Response response, String code, String what) throws Exception {
        JsonNode body = json.readTree(response.body());
        assertThat(body.at("/error/code").asText()).as(what + " -> " + response.body()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).as(what).isNotBlank();
        assertThat(body.at("/error/requestId").asText()).as(what).isEqualTo(response.headers().get("x-request-id"));
    }
}
