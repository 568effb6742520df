package dev.mooring.api.connectpage;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The posting tool's side of a Connect page: the page its returnUrl names, recording every request that reaches it. */
final class ReturnUrlServer implements AutoCloseable {

    private final HttpServer server;
    private final List<URI> requests = new CopyOnWriteArrayList<>();

    private ReturnUrlServer(HttpServer server) {
        this.server = server;
    }

    static ReturnUrlServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ReturnUrlServer recording = new ReturnUrlServer(server);
            server.createContext("/", exchange -> {
                recording.requests.add(exchange.getRequestURI());
                byte[] body = "<!DOCTYPE html><title>Back in the posting tool</title><h1>Back in the posting tool</h1>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return recording;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request line's target, with its query as sent: all the posting tool ever receives. */
    List<URI> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
