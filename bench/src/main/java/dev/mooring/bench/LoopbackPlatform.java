package dev.mooring.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The platform the proxy benchmark calls, on loopback in the driver's JVM, as Mooring's sandbox API
 * ({@code MOORING_SANDBOX_URL}): {@code GET /api/me} answers a small profile to the one token it
 * knows and {@code 401} to any other, {@code PUT /api/upload} reads the whole body, keeps none of
 * it and answers how many bytes came. The benchmark calls it directly and through the proxy, so
 * the difference is the proxy's.
 */
final class LoopbackPlatform implements AutoCloseable {

    private static final byte[] PROFILE = "{\"id\":\"bench\",\"username\":\"bench\",\"name\":\"Bench\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final String token;

    LoopbackPlatform(String token) throws IOException {
        this.token = token;
        // the JDK server writes an answer's headers and body apart: without TCP_NODELAY, Nagle's
        // algorithm and the client's delayed ACK would add ~40 ms to every call, direct or proxied
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/api/me", this::me);
        server.createContext("/api/upload", this::upload);
        server.setExecutor(threads);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void me(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, PROFILE.length);
            exchange.getResponseBody().write(PROFILE);
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                return;
            }
            long bytes = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream body = exchange.getRequestBody()) {
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    bytes += n;
                }
            }
            byte[] answer = ("{\"bytes\":" + bytes + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        exchange.getRequestBody().close();
        exchange.sendResponseHeaders(401, -1);
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
