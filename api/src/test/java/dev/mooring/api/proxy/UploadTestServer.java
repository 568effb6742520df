package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload host of the kind platforms hand out URLs on (LinkedIn's {@code initializeUpload}),
 * reached through {@code proxy-url}. It reads and writes bodies as streams, never whole:
 * {@code /upload} counts and digests what arrives, {@code /download?bytes=} streams
 * {@link #content} and, after its first megabyte, waits until the test says that megabyte reached
 * it; {@code /echo} answers what it was sent; {@code /redirect} a 302 elsewhere. Every request is kept.
 */
final class UploadTestServer implements AutoCloseable {

    static final int MEGABYTE = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived: headers with lower-cased names, the raw query, the body's size and digest. */
    record Seen(String method, String path, String rawQuery, Map<String, List<String>> headers, long bytes, String sha256,
                boolean complete) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong uploading = new AtomicLong();
    private volatile CountDownLatch downloadFirstMegabyteArrived = new CountDownLatch(1);

    UploadTestServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: the origin listed as an upload origin. */
    URI origin() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI url(String pathAndQuery) {
        return URI.create(origin() + pathAndQuery);
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** Bytes of the upload under way (or last finished) read so far. */
    long uploaded() {
        return uploading.get();
    }

    /** The test got the download's first megabyte; the server may send the rest. */
    void firstMegabyteArrived() {
        downloadFirstMegabyteArrived.countDown();
    }

    void reset() {
        seen.clear();
        uploading.set(0);
        downloadFirstMegabyteArrived = new CountDownLatch(1);
    }

    /** The download's bytes: each one a function of its position, so both ends of a test agree however they read. */
    static InputStream content(long length) {
        return new InputStream() {
            long position;

            @Override
            public int read() {
                return position < length ? at(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(count, length - position);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = at(position++);
                }
                return n;
            }
        };
    }

    private static byte at(long position) {
        return (byte) ((position * 2654435761L) >>> 13);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            MessageDigest digest = sha256();
            long bytes = 0;
            boolean complete = true;
            if (path.equals("/upload")) {
                uploading.set(0);
            }
            try (InputStream body = exchange.getRequestBody()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    bytes += n;
                    if (path.equals("/upload")) {
                        uploading.addAndGet(n);
                    }
                }
            } catch (IOException cut) {
                complete = false; // the client broke the request off
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            String sha = HexFormat.of().formatHex(digest.digest());
            seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers, bytes, sha, complete));
            if (!complete) {
                return;
            }
            switch (path) {
                case "/upload" -> json(exchange, 201, Map.of("bytes", bytes, "sha256", sha));
                case "/download" -> download(exchange, Long.parseLong(exchange.getRequestURI().getQuery().replace("bytes=", "")));
                case "/redirect" -> {
                    exchange.getResponseHeaders().set("Location", "http://elsewhere.example/landing");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/echo" -> {
                    // headers a platform might send that must not all come back: a cookie, and one holding the token
                    exchange.getResponseHeaders().add("Set-Cookie", "session=upstream");
                    exchange.getResponseHeaders().add("X-RateLimit-Remaining", "7");
                    exchange.getResponseHeaders().add("X-RateLimit-Echo", String.valueOf(headers.get("authorization")));
                    exchange.getResponseHeaders().add("Server-Timing", "db;dur=3");
                    json(exchange, 200, Map.of("method", exchange.getRequestMethod(), "bytes", bytes));
                }
                default -> json(exchange, 404, Map.of("error", "no such path"));
            }
        }
    }

    private void download(HttpExchange exchange, long length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0); // chunked: no length ahead
        OutputStream out = exchange.getResponseBody();
        try (InputStream content = content(length)) {
            byte[] buffer = new byte[64 * 1024];
            long sent = 0;
            boolean waited = false;
            for (int n; (n = content.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                sent += n;
                if (!waited && sent >= MEGABYTE) {
                    out.flush();
                    waited = true;
                    // a proxy that gathered the answer before passing it on never lets the first megabyte through
                    if (!await(downloadFirstMegabyteArrived)) {
                        return; // the answer ends short, and the test's digest shows it
                    }
                }
            }
        }
        out.close();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
