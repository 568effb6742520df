package dev.mooring.api.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.support.MooringTest;
import dev.mooring.kernel.ErrorCode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /v1/openapi.json}, fetched from the running application without a
 * key: valid as a client generator reads it, and complete against the application's own route table
 * and error codes, so a route or a code added later and left out of it fails here.
 */
@MooringTest
class ApiDescriptionTest {

    /** Served but not Mooring's API: the sandbox platform's own OAuth server. */
    private static final String PLATFORM_ROUTES = "/sandbox/";

    @Autowired
    WebTestClient http;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;
    @Autowired
    ObjectMapper json;

    private String document;

    @BeforeEach
    void fetch() throws Exception {
        // the first request builds the document from every route, and Swagger UI's first page loads
        // springdoc's own set-up: seconds each on a busy machine
        http = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        document = http.get().uri("/v1/openapi.json").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/json")
                .expectBody(String.class).returnResult().getResponseBody();
        // kept with the build's output, for a reader or a client generator
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), document);
    }

    @Test
    void theDocumentIsValidOpenApi3WithoutASingleMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKeys("apiKey", "adminToken");
    }

    @Test
    void theParserReportsABrokenDocument() {
        // the check above can fail: the same parser on the document with a dangling reference
        String broken = document.replaceFirst("#/components/schemas/ErrorEnvelope", "#/components/schemas/Nowhere");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(broken, null, new ParseOptions());

        assertThat(broken).isNotEqualTo(document);
        assertThat(parsed.getMessages()).anyMatch(message -> message.contains("Nowhere"));
    }

    @Test
    void everyRouteTheApplicationServesIsDescribed() throws Exception {
        Set<String> served = new TreeSet<>();
        routes.getHandlerMethods().forEach((info, handler) -> {
            if (!isSpringdocsOwn(handler)) {
                served.addAll(routesOf(info));
            }
        });
        served.removeIf(route -> route.contains(" " + PLATFORM_ROUTES));
        Set<String> described = new TreeSet<>();
        JsonNode paths = json.readTree(document).path("paths");
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                described.add(method.toUpperCase() + " " + normalized(path.getKey()))));

        assertThat(served).as("the application's routes").hasSizeGreaterThan(20);
        assertThat(missing(served, described)).as("routes missing from /v1/openapi.json").isEmpty();
        assertThat(missing(described, served)).as("described routes the application does not serve").isEmpty();
    }

    @Test
    void everyErrorCodeIsInTheEnvelopeSchemaAndOnARoute() throws Exception {
        JsonNode root = json.readTree(document);
        Set<String> all = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inSchema = texts(root.at("/components/schemas/ErrorEnvelope/properties/error/properties/code/enum"));
        Set<String> inTable = all.stream().filter(code -> root.at("/info/description").asText().contains("`" + code + "`"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> onRoutes = new TreeSet<>();
        root.path("paths").forEach(item -> item.forEach(operation -> operation.path("responses").forEach(response ->
                onRoutes.addAll(texts(response.path("x-error-codes"))))));

        assertThat(inSchema).as("the error envelope's code enum").isEqualTo(all);
        assertThat(missing(all, inTable)).as("codes missing from the error table in info.description").isEmpty();
        // a route answers every code but two: a method no route has, and the sandbox consent form's CSRF refusal
        assertThat(missing(all, onRoutes)).as("codes no route's responses list")
                .containsExactlyInAnyOrder(ErrorCode.METHOD_NOT_ALLOWED.code(), ErrorCode.UNAUTHORIZED.code());
        assertThat(missing(onRoutes, all)).as("listed codes that do not exist").isEmpty();
    }

    @Test
    void theAccountShowsItsRateLimitsAndTheProxyMayAnswerRateLimited() throws Exception {
        JsonNode root = json.readTree(document);
        JsonNode rateLimits = root.at("/components/schemas/AccountView/properties/rateLimits");
        Set<String> fields = new TreeSet<>();
        root.at("/components/schemas/RateLimit/properties").fieldNames().forEachRemaining(fields::add);
        Set<String> proxyCodes = new TreeSet<>();
        root.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().contains("/proxy")) {
                path.getValue().forEach(operation -> operation.path("responses").forEach(response ->
                        proxyCodes.addAll(texts(response.path("x-error-codes")))));
            }
        });

        assertThat(rateLimits.path("type").asText()).isEqualTo("array");
        assertThat(rateLimits.at("/items/$ref").asText()).isEqualTo("#/components/schemas/RateLimit");
        assertThat(fields).containsExactlyInAnyOrder("family", "limit", "remaining", "resetAt", "percentUsed", "observedAt");
        assertThat(proxyCodes).contains(ErrorCode.RATE_LIMITED.code(), ErrorCode.INVALID_PROXY_PATH.code());
    }

    @Test
    void eachRouteStatesWhoMayCallIt() throws Exception {
        JsonNode paths = json.readTree(document).path("paths");

        JsonNode list = paths.at("/~1v1~1accounts/get");
        assertThat(list.path("operationId").asText()).isEqualTo("listAccounts");
        assertThat(list.path("tags").get(0).asText()).isEqualTo("accounts");
        assertThat(list.at("/security/0/apiKey").isArray()).isTrue();
        assertThat(list.path("x-required-scope").asText()).isEqualTo("accounts:read");
        assertThat(list.at("/responses/401/x-error-codes/0").asText()).isEqualTo("unauthenticated");
        assertThat(list.at("/responses/403/x-error-codes").toString()).contains("insufficient_scope");
        assertThat(paths.at("/~1v1~1accounts~1{id}/delete/x-required-scope").asText()).isEqualTo("accounts:write");
        assertThat(paths.at("/~1v1~1accounts~1{id}~1access-token/post/x-required-scope").asText()).isEqualTo("tokens:read");
        // the platform's redirect back carries no key: its single-use state authorizes it
        JsonNode oauthReturn = paths.at("/~1v1~1accounts~1connect~1{platform}~1complete/get");
        assertThat(oauthReturn.path("security").isArray() && oauthReturn.path("security").isEmpty()).isTrue();
        assertThat(oauthReturn.path("responses").has("401")).isFalse();
        assertThat(paths.at("/~1admin~1v1~1rebuilds~1accounts/post/security/0/adminToken").isArray()).isTrue();
    }

    @Test
    void theChoiceOfAConnectIsDescribedForEveryPlatformThatAsks() throws Exception {
        JsonNode root = json.readTree(document);
        JsonNode select = root.at("/paths/~1v1~1accounts~1connect~1{platform}~1select/post");
        JsonNode complete = root.at("/paths/~1v1~1accounts~1connect~1{platform}~1complete/get");

        assertThat(select.at("/requestBody/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/SelectChoice");
        Set<String> body = new TreeSet<>();
        root.at("/components/schemas/SelectChoice/properties").fieldNames().forEachRemaining(body::add);
        assertThat(body).containsExactlyInAnyOrder("selectionToken", "pageId", "boardId");
        assertThat(select.at("/responses/201/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/AccountView");
        assertThat(select.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/ChoiceToMake");
        assertThat(complete.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/ChoiceToMake");
        assertThat(root.at("/components/schemas/ChoiceToMake/properties").has("option")).isTrue();
        assertThat(root.at("/components/schemas/ChoiceToMake/properties/choices/type").asText()).isEqualTo("array");
        assertThat(root.at("/components/schemas/ChoiceToMake/description").asText()).contains("`pages`", "`boards`");
        assertThat(texts(select.at("/responses/400/x-error-codes"))).contains(ErrorCode.VALIDATION_FAILED.code());
        assertThat(texts(select.at("/responses/404/x-error-codes"))).contains(ErrorCode.NOT_FOUND.code());
        assertThat(texts(complete.at("/responses/422/x-error-codes")))
                .contains(ErrorCode.FACEBOOK_PAGES_NONE.code(), ErrorCode.PINTEREST_BOARDS_NONE.code());
    }

    @Test
    void theDescriptionIsPublicAndIgnoresAnyBearer() {
        http.get().uri("/v1/openapi.json").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-key").exchange()
                .expectStatus().isOk();
        http.get().uri("/v1/openapi.json/swagger-config").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v1/openapi.json");
        // the rest of /v1 still needs a key
        http.get().uri("/v1/accounts").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void swaggerUiRunsUnderAStrictPolicyOfItsOwnAndTheApiKeepsItsOwn() {
        String docs = http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseHeaders().getFirst("Content-Security-Policy");
        String api = http.get().uri("/v1/accounts").exchange().expectStatus().isUnauthorized()
                .expectBody().returnResult().getResponseHeaders().getFirst("Content-Security-Policy");

        assertThat(docs).contains("default-src 'none'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(api).isEqualTo("frame-ancestors 'none'");
        http.get().uri("/docs").exchange().expectStatus().is3xxRedirection()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).contains("/swagger-ui/index.html"));
    }

    private static boolean isSpringdocsOwn(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().startsWith("org.springdoc");
    }

    private static Set<String> routesOf(RequestMappingInfo info) {
        Set<String> found = new TreeSet<>();
        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
            for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                found.add(method + " " + normalized(pattern.getPatternString()));
            }
        }
        return found;
    }

    private static String normalized(String template) {
        return template.replaceAll("\\{[^}]+}", "{}").replaceAll("/\\*\\*$", "/{}");
    }

    private static Set<String> missing(Set<String> expected, Set<String> actual) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        return missing;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            texts.add(it.next().asText());
        }
        return texts;
    }
}
