package dev.mooring.api.platform;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a test server sees it: the decoded query and form parameters, the credentials the
 * client presented, and the URI and body exactly as they were sent ({@code bytes} for binary bodies
 * such as media uploads, which {@code body} as UTF-8 text would mangle).
 */
public record PlatformRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> form,
        Headers headers,
        URI uri,
        String body,
        byte[] bytes) {

    static PlatformRequest read(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        Headers headers = exchange.getRequestHeaders();
        URI uri = exchange.getRequestURI();
        return new PlatformRequest(exchange.getRequestMethod(), uri.getPath(), parameters(uri.getRawQuery()),
                formEncoded(headers) ? parameters(body) : Map.of(), headers, uri, body, bytes);
    }

    /** The single value of a query parameter, or null. */
    public String query(String name) {
        return first(query, name);
    }

    /** The single value of a form parameter, or null. */
    public String form(String name) {
        return first(form, name);
    }

    /** A query or else a form parameter, as Graph reads either. */
    public String param(String name) {
        return query.containsKey(name) ? query(name) : form(name);
    }

    /** The bearer token, or the {@code access_token} parameter as Graph also accepts it. */
    public String accessToken() {
        return bearer().orElseGet(() -> param("access_token"));
    }

    public boolean formEncoded() {
        return formEncoded(headers);
    }

    /** Parameters sent more than once, which RFC 6749 (3.1, 3.2) forbids. */
    public List<String> repeatedParameters() {
        List<String> repeated = new ArrayList<>();
        for (Map<String, List<String>> parameters : List.of(query, form)) {
            parameters.forEach((name, values) -> {
                if (values.size() > 1) {
                    repeated.add(name);
                }
            });
        }
        return repeated;
    }

    /**
     * HTTP Basic client credentials, decoded as RFC 6749 2.3.1 has them encoded: each of id and
     * secret form-urlencoded before joining with a colon.
     */
    public Optional<ClientCredentials> basic() {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
    }

    public Optional<String> bearer() {
        String authorization = headers.getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ")
                ? Optional.of(authorization.substring(7).trim()) : Optional.empty();
    }

    public record ClientCredentials(String id, String secret) {
        @Override
        public String toString() {
            return "ClientCredentials[" + id + ", secret redacted]";
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean formEncoded(Headers headers) {
        String contentType = headers.getFirst("Content-Type");
        return contentType != null
                && contentType.split(";")[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private static Map<String, List<String>> parameters(String encoded) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }
}
