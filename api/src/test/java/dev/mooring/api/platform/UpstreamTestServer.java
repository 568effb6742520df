package dev.mooring.api.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that plays an upstream platform for tests: Mooring reaches it over
 * the network exactly as it reaches the real one. Routes answer JSON; every request is kept so a
 * test can say what Mooring sent and what it did not.
 */
public class UpstreamTestServer {

    /** Every secret a test server hands out contains this, so a test can assert none leaks. */
    public static final String SECRET_MARKER = "graph-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    /** One route's behaviour. */
    @FunctionalInterface
    public interface Route {
        Response answer(Request request);
    }

    /** A request as it arrived, query and form fields decoded. */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> form,
                          Headers headers) {

        /** A query or form field. */
        public String param(String name) {
            return query.containsKey(name) ? query.get(name) : form.get(name);
        }

        /** The bearer token, or the {@code access_token} parameter as Graph also accepts it. */
        public String accessToken() {
            String authorization = headers.getFirst("Authorization");
            return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : param("access_token");
        }
    }

    public record Response(int status, String contentType, Map<String, String> headers, String body) {
    }

    protected UpstreamTestServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        // several threads: a delayed answer holds up no other request
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The requests that reached {@code path}, oldest first. */
    public List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Every answer from {@code path} comes {@code delay} late, as from a slow upstream; {@link Duration#ZERO} ends it. */
    public void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    protected void route(String method, String path, Route route) {
        routes.put(method + " " + path, route);
    }

    /** A fresh secret of the given kind, unmistakable in any output. */
    protected static String issue(String kind) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return kind + "-" + SECRET_MARKER + "-" + HexFormat.of().formatHex(bytes);
    }

    protected static Response json(int status, Object body) {
        try {
            return new Response(status, "application/json", Map.of(), JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static Response redirect(String location) {
        return new Response(302, "text/plain", Map.of("Location", location), "");
    }

    /** Authorize pages answer a broken request on the page itself and never redirect it. */
    protected static Response page(int status, String text) {
        return new Response(status, "text/html", Map.of(), "<p>" + text + "</p>");
    }

    /** {@code {"error":{"message","type","code","error_subcode"?,"fbtrace_id"}}}, as every Graph surface answers. */
    protected static Response graphError(int status, int code, Integer subcode, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", code == 190 ? "OAuthException" : "GraphMethodException");
        error.put("code", code);
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        error.put("fbtrace_id", "trace-" + code);
        return json(status, Map.of("error", error));
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    decode(exchange.getRequestURI().getRawQuery()),
                    "application/x-www-form-urlencoded".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                            ? decode(body) : Map.of(),
                    exchange.getRequestHeaders());
            requests.add(request);
            Route route = routes.get(request.method() + " " + request.path());
            Response response = route == null
                    ? graphError(400, 100, 33, "Unsupported " + request.method() + " request to " + request.path())
                    : route.answer(request);
            pause(delays.getOrDefault(request.path(), Duration.ZERO));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }
}
