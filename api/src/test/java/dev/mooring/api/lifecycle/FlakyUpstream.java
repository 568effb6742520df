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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform in front of the sandbox that can go down: it forwards every request to the sandbox,
 * or, while failing, answers 503 the way an overloaded platform does. Started before the
 * application, told where the sandbox is once the application listens.
 */
final class FlakyUpstream implements AutoCloseable {

    private static final Set<String> FORWARDED = Set.of("authorization", "content-type", "accept");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile URI target;
    private volatile boolean failing;
    private final AtomicInteger refusals = new AtomicInteger();

    FlakyUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
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

    void recover() {
        failing = false;
    }

    int refusals() {
        return refusals.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failing) {
                refusals.incrementAndGet();
                respond(exchange, 503, "{\"error\":\"temporarily_unavailable\"}".getBytes(StandardCharsets.UTF_8), "application/json");
                return;
            }
            URI uri = URI.create(target.toString().replaceAll("/sandbox$", "") + exchange.getRequestURI());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            request.method(exchange.getRequestMethod(), body.length == 0
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            respond(exchange, response.statusCode(), response.body(),
                    response.headers().firstValue("content-type").orElse("application/json"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
