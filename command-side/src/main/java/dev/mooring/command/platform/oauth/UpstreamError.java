package dev.mooring.command.platform.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The error name and description out of an upstream error body, whatever its dialect: OAuth
 * ({@code error}, {@code error_description}), AT Protocol ({@code error}, {@code message}), Graph
 * ({@code error.type}, {@code error.code} and {@code error.error_subcode} as e.g.
 * {@code OAuthException 190/460}, and {@code error.message}), problem JSON ({@code title},
 * {@code detail}) or plain ({@code code}, {@code message}). Only those fields are kept, shortened
 * and stripped of control characters, so nothing else the body held can travel on.
 */
public record UpstreamError(String name, String description) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 200;

    public static UpstreamError parse(int status, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new UpstreamError("http_" + status, null);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isTextual()) {
            // OAuth says error_description, the AT Protocol message
            return of(error.asText(), firstText(root, "error_description", "message"));
        }
        if (error != null && error.isObject()) {
            return of(graphName(error), text(error, "message"));
        }
        if (root.has("title")) {
            return of(text(root, "title"), text(root, "detail"));
        }
        return of(firstText(root, "code", "serviceErrorCode", "status"), text(root, "message"));
    }

    /** {@code name: description}, or just the name. */
    public String summary() {
        return description == null ? name : name + ": " + description;
    }

    private static UpstreamError of(String name, String description) {
        return new UpstreamError(clean(name == null ? "error" : name), description == null ? null : clean(description));
    }

    private static String graphName(JsonNode error) {
        String type = text(error, "type");
        String code = text(error, "code");
        String subcode = text(error, "error_subcode");
        if (type == null || code == null) {
            return type != null ? type : code;
        }
        return type + " " + code + (subcode == null ? "" : "/" + subcode);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String clean(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", " ").strip();
        return flat.length() <= MAX ? flat : flat.substring(0, MAX) + "…";
    }
}
