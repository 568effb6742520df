package dev.mooring.command.platform.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A URL with parameters appended to its query, each one form-encoded in full. Meta's token calls
 * carry codes, tokens and the client secret in the query, and a {@code +} left as it is would
 * arrive as a space.
 */
public final class QueryUrl {

    private QueryUrl() {
    }

    public static URI of(URI base, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(parameter -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
                .collect(Collectors.joining("&"));
        String url = base.toString();
        return URI.create(url + (base.getRawQuery() == null ? "?" : "&") + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
