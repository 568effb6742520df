package dev.mooring.command.platform.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Graph API's word for an access token that expired, shared by Facebook, Instagram and Threads:
 * {@code OAuthException} code 190 with subcode 463 ("Session has expired"), whatever the HTTP status.
 * Other 190 subcodes (password changed, app removed, ...) are no expiry a refresh could mend.
 */
public final class GraphTokenExpiry {

    private static final int INVALID_TOKEN = 190;
    private static final int EXPIRED = 463;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphTokenExpiry() {
    }

    public static boolean says(String body) {
        try {
            JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
            return error != null && error.isObject() && error.path("code").asInt() == INVALID_TOKEN
                    && error.path("error_subcode").asInt() == EXPIRED;
        } catch (Exception notJson) {
            return false;
        }
    }
}
