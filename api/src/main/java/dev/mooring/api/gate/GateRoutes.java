package dev.mooring.api.gate;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

import static org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers.pathMatchers;

/**
 * The parts of Mooring the gate tells apart, matched as routing matches: on the application's path,
 * segment by segment, decoded. The firewall has already refused every path with a second spelling
 * ({@code ;} parameters, encoded slashes or letters, dot segments), so what a matcher sees is what
 * routing sees.
 */
public final class GateRoutes {

    /** The API: every route needs an API key but {@link #OAUTH_COMPLETE}. */
    public static final ServerWebExchangeMatcher V1 = pathMatchers("/v1/**");
    /** The platform's redirect of the user's browser back to Mooring: its single-use state authorizes it. */
    public static final ServerWebExchangeMatcher OAUTH_COMPLETE = pathMatchers(HttpMethod.GET, "/v1/accounts/connect/{platform}/complete");
    /**
     * The audited token hand-out: its answer carries a platform token, so nothing of it is ever kept,
     * not even for an {@code Idempotency-Key} (each call is a hand-out of its own, with its own audit entry).
     */
    public static final String TOKEN_HAND_OUT_PATH = "/v1/accounts/{id}/access-token";
    public static final ServerWebExchangeMatcher TOKEN_HAND_OUT = pathMatchers(TOKEN_HAND_OUT_PATH);
    /**
     * The API's own description and its browser, open to anyone as a hosted API's docs are: the
     * OpenAPI document, Swagger UI's page and config, and Swagger UI's assets from the jar.
     */
    public static final String OPENAPI_DOCUMENT = "/v1/openapi.json";
    public static final String DOCS_PAGE = "/docs";
    public static final ServerWebExchangeMatcher API_DESCRIPTION = pathMatchers(HttpMethod.GET,
            OPENAPI_DOCUMENT, OPENAPI_DOCUMENT + ".yaml", OPENAPI_DOCUMENT + "/swagger-config",
            DOCS_PAGE, DOCS_PAGE + "/**", "/swagger-ui/**");
    /**
     * The operator dashboard: its page and its assets from the jar, open to anyone as a login page is.
     * It holds no data of its own: everything it shows comes from {@link #V1} with the API key the
     * operator signs in with.
     */
    public static final String DASHBOARD_PAGE = "/";
    public static final String DASHBOARD_ASSETS = "/dashboard/**";
    public static final ServerWebExchangeMatcher DASHBOARD = pathMatchers(HttpMethod.GET, DASHBOARD_PAGE, DASHBOARD_ASSETS);
    /**
     * The platform proxy: its bodies are the platform's business, streamed and never gathered, so an
     * {@code Idempotency-Key} passes through to the platform instead of being kept here.
     */
    public static final ServerWebExchangeMatcher PROXY = pathMatchers("/v1/accounts/{id}/proxy/**", "/v1/accounts/{id}/proxy-url");
    /** Operator routes: the admin token, and absent altogether without one configured. */
    public static final ServerWebExchangeMatcher ADMIN = pathMatchers("/admin/**");
    public static final ServerWebExchangeMatcher ACTUATOR = pathMatchers("/actuator/**");
    /** The one actuator path open to anyone (a bare UP/DOWN without the admin token). */
    public static final ServerWebExchangeMatcher PUBLIC_HEALTH = pathMatchers(HttpMethod.GET, "/actuator/health");
    /** Routes whose bearer is the admin token rather than an API key. */
    public static final ServerWebExchangeMatcher OPERATOR = new OrServerWebExchangeMatcher(ADMIN, ACTUATOR);
    /** The sandbox platform's own OAuth server (its pages, token and profile endpoints authenticate themselves). */
    public static final ServerWebExchangeMatcher SANDBOX = pathMatchers("/sandbox/**");
    /**
     * The Connect page an end user's browser is sent to, its script's JSON routes (the link's token in
     * the path is their credential) and its assets from the jar.
     */
    public static final ServerWebExchangeMatcher CONNECT_PAGE = pathMatchers("/connect/**", "/connect-page/**");
    /** The HTML forms Mooring serves, which carry a CSRF token: the sandbox's consent page. */
    public static final ServerWebExchangeMatcher HTML_FORMS = pathMatchers(HttpMethod.POST, "/sandbox/oauth/authorize");

    private GateRoutes() {
    }
}
