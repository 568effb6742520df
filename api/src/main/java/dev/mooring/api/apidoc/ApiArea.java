package dev.mooring.api.apidoc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The parts of the API a reader looks for, as tags of the OpenAPI document, found by path. First match wins. */
enum ApiArea {
    CONNECT("connect", "Connect an account: OAuth platforms through the user's browser, Bluesky with an app password, "
            + "or a Connect page link that does it all on Mooring's own page", "/v1/accounts/connect/", "/v1/connect-sessions"),
    CONNECT_PAGE("connect-page", "The Connect page an end user's browser opens, and the routes its script calls with the link's token (no API key)",
            "/connect/"),
    ACCOUNTS("accounts", "Connected accounts: read, refresh, verify, disconnect, their history, the token hand-out", "/v1/accounts"),
    EVENTS("events", "The workspace's account events as a server-sent-event stream", "/v1/events"),
    WEBHOOKS("webhooks", "Webhook endpoints, their deliveries and signing secrets", "/v1/webhook-endpoints"),
    KEYS("keys", "The workspace's API keys and their scopes", "/v1/api-keys"),
    ADMIN("admin", "Operator routes, with the admin token (MOORING_ADMIN_TOKEN); absent without one", "/admin/");

    private final String tag;
    private final String description;
    private final List<String> pathPrefixes;

    ApiArea(String tag, String description, String... pathPrefixes) {
        this.tag = tag;
        this.description = description;
        this.pathPrefixes = List.of(pathPrefixes);
    }

    String tag() {
        return tag;
    }

    String description() {
        return description;
    }

    static Optional<ApiArea> of(String path) {
        return Arrays.stream(values()).filter(area -> area.pathPrefixes.stream().anyMatch(path::startsWith)).findFirst();
    }
}
