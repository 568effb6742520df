package dev.mooring.api.lifecycle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform in front of the sandbox that can go down: it forwards every request to the sandbox,
 * or, while failing, answers 503 the way an overloaded platform does; it can refuse Mooring's client
 * credentials at the token endpoint (RFC 6749 {@code invalid_client}, 401) and answer slowly. It
 * notes every refresh token presented, so a test can prove none was ever sent twice. Started
 * before the application, told where the sandbox is once the application listens.
 */
final class FlakyUpstream implements AutoCloseable {

    private static final Set<String> FORWARDED = Set.of("authorization", "content-type", "accept");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile URI target;
    private volatile boolean failing;
    private volatile boolean refusingClient;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<String> refreshTokensPresented = new CopyOnWriteArrayList<>();
    private final AtomicInteger revocations = new AtomicInteger();

    FlakyUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool()); // a slow answer must not hold up the others
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sandbox");
    }

    void forwardTo(URI sandbox) {
        target = sandbox;
    }

    void fail() {
        failing = true;
    }

    /** Refuses Mooring's client credentials at the token endpoint, as after a rotated app secret. */
    void refuseClient() {
        refusingClient = true;
    }

    /** Answers every request only after this long. */
    void slowDown(Duration by) {
        delay = by;
    }

    void recover() {
        failing = false;
        refusingClient = false;
        delay = Duration.ZERO;
    }

    /** Every refresh token presented at the token endpoint, in order. */
    List<String> refreshTokensPresented() {
        return List.copyOf(refreshTokensPresented);
    }

    /** Revocation requests that reached the platform. */
    int revocations() {
        return revocations.get();
    }

    int refusals() {
        return refusals.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            Thread.sleep(delay.toMillis());
            if (refusingClient && path.endsWith("/oauth/token")) {
                refusals.incrementAndGet();
                respond(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}"
                        .getBytes(StandardCharsets.UTF_8), "application/json");
                return;
            }
            if (failing) {
                refusals.incrementAndGet();
                respond(exchange, 503, "{\"error\":\"temporarily_unavailable\"}".getBytes(StandardCharsets.UTF_8), "application/json");
                return;
            }
            // what reaches the platform: a refused request never did
            Map<String, String> form = form(body);
            if (path.endsWith("/oauth/token") && "refresh_token".equals(form.get("grant_type"))) {
                refreshTokensPresented.add(form.get("refresh_token"));
            }
            if (path.endsWith("/oauth/revoke")) {
                revocations.incrementAndGet();
            }
            URI uri = URI.create(target.toString().replaceAll("/sandbox$", "") + exchange.getRequestURI());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            request.method(exchange.getRequestMethod(), body.length == 0
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(exchange, response.statusCode(), response.body(),
                    response.headers().firstValue("content-type").orElse("application/json"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().put("Content-Type", List.of(contentType));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
