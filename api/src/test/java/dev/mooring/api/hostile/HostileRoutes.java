package dev.mooring.api.hostile;

import java.util.List;

/**
 * Every route Mooring serves, as the hostile suite drives it: method, path template, who may call
 * it, what body it reads and which query parameters. {@code HostileInputTest} checks this list
 * against the application's own route table, so a new route cannot be left out.
 */
final class HostileRoutes {

    private HostileRoutes() {
    }

    /** Who a route lets in. */
    enum Access {
        /** {@code Authorization: Bearer <api key>} of the workspace. */
        API_KEY,
        /** The platform's redirect back: no key, the single-use state authorizes it. */
        OAUTH_STATE,
        /** {@code Authorization: Bearer <admin token>}. */
        ADMIN,
        /** The sandbox platform's own pages, which answer as an OAuth provider does. */
        SANDBOX,
        /** Anyone, whatever credential comes along: the API's description and Swagger UI. */
        PUBLIC,
        /** The Connect page and its script's routes: the link's token in the path, no key. */
        CONNECT_LINK
    }

    enum Body {
        NONE, JSON, FORM
    }

    /**
     * @param template placeholders {@code {account}}, {@code {endpoint}}, {@code {delivery}}, {@code {key}},
     *                 {@code {platform}}, {@code {token}} take ids, names and Connect page link tokens
     * @param fields   the JSON body's fields, or the form's
     * @param query    the query parameters the route reads
     */
    record Route(String method, String template, Access access, Body body, List<String> fields, List<String> query) {

        boolean takesIds() {
            return template.contains("{account}") || template.contains("{endpoint}") || template.contains("{key}");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private static Route route(String method, String template, Access access) {
        return new Route(method, template, access, Body.NONE, List.of(), List.of());
    }

    private static Route json(String method, String template, String... fields) {
        return new Route(method, template, Access.API_KEY, Body.JSON, List.of(fields), List.of());
    }

    private static Route linkJson(String template, String... fields) {
        return new Route("POST", template, Access.CONNECT_LINK, Body.JSON, List.of(fields), List.of());
    }

    private static Route listing(String template, String... query) {
        return new Route("GET", template, Access.API_KEY, Body.NONE, List.of(), List.of(query));
    }

    static final List<Route> ALL = List.of(
            listing("/v1/accounts", "platform", "status", "limit", "cursor"),
            route("GET", "/v1/accounts/{account}", Access.API_KEY),
            route("DELETE", "/v1/accounts/{account}", Access.API_KEY),
            route("POST", "/v1/accounts/{account}/refresh", Access.API_KEY),
            route("POST", "/v1/accounts/{account}/verify", Access.API_KEY),
            listing("/v1/accounts/{account}/history", "limit", "cursor"),
            route("POST", "/v1/accounts/{account}/access-token", Access.API_KEY),
            json("POST", "/v1/accounts/connect/{platform}", "returnUrl", "boardId", "pageId"),
            new Route("GET", "/v1/accounts/connect/{platform}/complete", Access.OAUTH_STATE, Body.NONE, List.of(),
                    List.of("state", "code", "error", "error_description")),
            json("POST", "/v1/accounts/connect/{platform}/select", "selectionToken", "pageId"),
            json("POST", "/v1/accounts/connect/bluesky/complete", "identifier", "appPassword"),
            json("POST", "/v1/accounts/import", "accounts"),
            json("POST", "/v1/connect-sessions", "returnUrl", "platforms", "label"),
            route("GET", "/connect/{token}", Access.CONNECT_LINK),
            route("GET", "/connect/{token}/session", Access.CONNECT_LINK),
            route("POST", "/connect/{token}/oauth/{platform}", Access.CONNECT_LINK),
            linkJson("/connect/{token}/bluesky", "identifier", "appPassword"),
            linkJson("/connect/{token}/choice/{platform}", "selectionToken"),
            linkJson("/connect/{token}/choice/{platform}/select", "selectionToken", "choiceId"),
            route("POST", "/connect/{token}/finish", Access.CONNECT_LINK),
            linkJson("/connect/{token}/leave", "error"),
            route("GET", "/v1/events", Access.API_KEY),
            route("GET", "/v1/api-keys", Access.API_KEY),
            json("POST", "/v1/api-keys", "name", "scopes"),
            route("DELETE", "/v1/api-keys/{key}", Access.API_KEY),
            route("GET", "/v1/webhook-endpoints", Access.API_KEY),
            json("POST", "/v1/webhook-endpoints", "url", "eventTypes", "enabled"),
            route("GET", "/v1/webhook-endpoints/{endpoint}", Access.API_KEY),
            json("PATCH", "/v1/webhook-endpoints/{endpoint}", "url", "eventTypes", "enabled"),
            route("DELETE", "/v1/webhook-endpoints/{endpoint}", Access.API_KEY),
            route("POST", "/v1/webhook-endpoints/{endpoint}/rotate-secret", Access.API_KEY),
            listing("/v1/webhook-endpoints/{endpoint}/deliveries", "limit", "cursor"),
            route("POST", "/v1/webhook-endpoints/{endpoint}/deliveries/{delivery}/resend", Access.API_KEY),
            route("GET", "/v1/openapi.json", Access.PUBLIC),
            route("GET", "/v1/openapi.json.yaml", Access.PUBLIC),
            route("GET", "/v1/openapi.json/swagger-config", Access.PUBLIC),
            route("GET", "/docs", Access.PUBLIC),
            route("POST", "/admin/v1/rebuilds/accounts", Access.ADMIN),
            route("GET", "/admin/v1/rebuilds/accounts", Access.ADMIN),
            new Route("GET", "/sandbox/oauth/authorize", Access.SANDBOX, Body.NONE, List.of(),
                    List.of("client_id", "redirect_uri", "response_type", "state", "code_challenge", "code_challenge_method")),
            new Route("POST", "/sandbox/oauth/authorize", Access.SANDBOX, Body.FORM,
                    List.of("client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "decision", "username", "name"),
                    List.of()),
            new Route("POST", "/sandbox/oauth/token", Access.SANDBOX, Body.FORM,
                    List.of("grant_type", "code", "redirect_uri", "code_verifier", "refresh_token"), List.of()),
            route("GET", "/sandbox/api/me", Access.SANDBOX),
            new Route("POST", "/sandbox/oauth/revoke", Access.SANDBOX, Body.FORM, List.of("token"), List.of()));

    static List<Route> withIds() {
        return ALL.stream().filter(Route::takesIds).toList();
    }
}
