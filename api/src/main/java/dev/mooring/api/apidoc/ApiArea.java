package dev.mooring.api.apidoc;

import java.util.Arrays;
import java.util.Optional;

/** The parts of the API a reader looks for, as tags of the OpenAPI document, found by path. First match wins. */
enum ApiArea {
    CONNECT("connect", "/v1/accounts/connect/", "Connect an account: OAuth platforms through the user's browser, Bluesky with an app password"),
    ACCOUNTS("accounts", "/v1/accounts", "Connected accounts: read, refresh, verify, disconnect, their history, the token hand-out"),
    EVENTS("events", "/v1/events", "The workspace's account events as a server-sent-event stream"),
    WEBHOOKS("webhooks", "/v1/webhook-endpoints", "Webhook endpoints, their deliveries and signing secrets"),
    KEYS("keys", "/v1/api-keys", "The workspace's API keys and their scopes"),
    ADMIN("admin", "/admin/", "Operator routes, with the admin token (MOORING_ADMIN_TOKEN); absent without one");

    private final String tag;
    private final String pathPrefix;
    private final String description;

    ApiArea(String tag, String pathPrefix, String description) {
        this.tag = tag;
        this.pathPrefix = pathPrefix;
        this.description = description;
    }

    String tag() {
        return tag;
    }

    String description() {
        return description;
    }

    static Optional<ApiArea> of(String path) {
        return Arrays.stream(values()).filter(area -> path.startsWith(area.pathPrefix)).findFirst();
    }
}
