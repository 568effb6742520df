package dev.mooring.api.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one base of every HTTP server the tests run in Mooring's place or across from it (platforms,
 * the Bluesky PDS, webhook receivers): a JDK {@link HttpServer} on the loopback address and a free
 * port; exact-path routes and a fallback for every other request; every request kept; faults a test
 * injects (a stall before handling, a delay after it, scripted answers, outages that answer 503 or
 * 429 or hang, a closed connection); and the list of requirements requests broke. A broken
 * requirement is refused the way the platform would refuse it and also kept, so a test fails on it
 * even when Mooring copes with the refusal.
 */
public abstract class TestHttpServer implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Function<PlatformRequest, PlatformAnswer>> routes = new ConcurrentHashMap<>();
    private volatile Function<PlatformRequest, PlatformAnswer> fallback =
            request -> refuse(List.of("no endpoint " + request.method() + " " + request.path()), PlatformAnswer.text(404, "not found"));
    private final List<PlatformRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<PlatformAnswer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> mostInFlight = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile Duration stall = Duration.ZERO;
    private volatile CountDownLatch hangUntil = new CountDownLatch(1);
    private volatile Outage outage;

    /** How an upstream that is down answers: 503, no answer at all, or 429 with its rate-limit headers. */
    public enum Failure { UNAVAILABLE, HANG, RATE_LIMITED }

    /** An outage of one path, or of every path ({@code path} null). */
    private record Outage(String path, Failure failure) {
        boolean covers(String requested) {
            return path == null || path.equals(requested);
        }
    }

    /** A server that answers every request at once on a thread of its own: one may hang while others are answered. */
    protected TestHttpServer(String name) {
        this(name, Executors.newCachedThreadPool());
    }

    /**
     * A server that answers at most {@code workers} requests at a time; the rest wait for a worker,
     * as at a host with a fixed pool.
     */
    protected TestHttpServer(String name, int workers) {
        this(name, Executors.newFixedThreadPool(workers));
    }

    private TestHttpServer(String name, ExecutorService threads) {
        this.name = name;
        this.threads = threads;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>} plus {@code path}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    protected int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next request to {@code path} with these answers in turn, whatever the request was. */
    public void answerNext(String path, PlatformAnswer... answers) {
        scripted.computeIfAbsent(path, key -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /**
     * From now until {@link #endOutage()}, every request answers as {@code failure} without reaching
     * its endpoint, so nothing it asked for (a code exchange, a rotation) happens.
     */
    public void outage(Failure failure) {
        outage = new Outage(null, failure);
    }

    /** As {@link #outage(Failure)}, for {@code path} only; other endpoints keep working. */
    public void outage(String path, Failure failure) {
        outage = new Outage(path, failure);
    }

    /** Ends the outage; requests left hanging by it are closed without an answer. */
    public void endOutage() {
        outage = null;
        releaseHanging();
    }

    /**
     * Every answer from {@code path} comes {@code delay} late: the endpoint acts at once (a token is
     * rotated), and the client hears of it only afterwards, as from a slow upstream.
     */
    public void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    /**
     * Every request waits this long before it is handled, as a host that accepts connections and
     * then hangs; {@link Duration#ZERO} answers at once again. Requests already waiting keep waiting.
     */
    public void stall(Duration wait) {
        stall = wait;
    }

    /** The requests that reached {@code path}, oldest first. */
    public List<PlatformRequest> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** How many requests reached {@code path}. */
    public int calls(String path) {
        return calls.getOrDefault(path, 0);
    }

    /** How many requests to {@code path} are being answered right now. */
    public int inFlight(String path) {
        AtomicInteger now = inFlight.get(path);
        return now == null ? 0 : now.get();
    }

    /** The most requests to {@code path} that were being answered at once since the last reset. */
    public int mostInFlight(String path) {
        return mostInFlight.getOrDefault(path, 0);
    }

    /** The requirements broken since the last reset, each once per request that broke it. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Forgets violations, scripted answers, requests and call counts, ends faults, and lets hanging requests go. */
    public void reset() {
        violations.clear();
        scripted.clear();
        calls.clear();
        requests.clear();
        delays.clear();
        stall = Duration.ZERO;
        mostInFlight.clear();
        outage = null;
        releaseHanging();
    }

    private void releaseHanging() {
        CountDownLatch released = hangUntil;
        hangUntil = new CountDownLatch(1);
        released.countDown();
    }

    /** The platform's 503, in its own body shape. */
    protected PlatformAnswer unavailableAnswer() {
        return PlatformAnswer.text(503, "Service Unavailable");
    }

    /** The platform's 429, with the headers that say when to come back. */
    protected PlatformAnswer rateLimitedAnswer() {
        return PlatformAnswer.text(429, "Too Many Requests").withHeader("Retry-After", "60");
    }

    protected void route(String method, String path, Function<PlatformRequest, PlatformAnswer> handler) {
        routes.put(method + " " + path, handler);
    }

    /** Answers every request no route matches; without one, such a request is refused with 404 and kept as broken. */
    protected void fallback(Function<PlatformRequest, PlatformAnswer> handler) {
        fallback = handler;
    }

    /** Keeps the broken requirements and answers with the platform's refusal. */
    protected PlatformAnswer refuse(List<String> broken, PlatformAnswer refusal) {
        broken.forEach(requirement -> violations.add(name + ": " + requirement));
        return refusal;
    }

    private void serve(HttpExchange exchange) throws IOException {
        AtomicInteger answering = null;
        try (exchange) {
            PlatformRequest request = PlatformRequest.read(exchange);
            requests.add(request);
            calls.merge(request.path(), 1, Integer::sum);
            answering = inFlight.computeIfAbsent(request.path(), path -> new AtomicInteger());
            int now = answering.incrementAndGet();
            mostInFlight.merge(request.path(), now, Math::max);
            pause(stall); // outside any handler's lock: stalled requests do not hold up each other
            Outage down = outage;
            if (down != null && down.covers(request.path())) {
                write(exchange, switch (down.failure()) {
                    case UNAVAILABLE -> unavailableAnswer();
                    case HANG -> PlatformAnswer.hang();
                    case RATE_LIMITED -> rateLimitedAnswer();
                });
                return;
            }
            Function<PlatformRequest, PlatformAnswer> handler = routes.get(request.method() + " " + request.path());
            // the handler runs even when an answer was scripted, so its requirements are still checked
            PlatformAnswer answer = (handler == null ? fallback : handler).apply(request);
            Deque<PlatformAnswer> next = scripted.get(request.path());
            PlatformAnswer override = next == null ? null : next.poll();
            Duration delay = delays.get(request.path());
            if (delay != null) {
                pause(delay);
            }
            write(exchange, override != null ? override : answer);
        } catch (RuntimeException e) {
            violations.add(name + ": the test server failed on a request: " + e);
            throw e;
        } finally {
            if (answering != null) {
                answering.decrementAndGet();
            }
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(HttpExchange exchange, PlatformAnswer answer) throws IOException {
        if (answer.hangs()) {
            try {
                hangUntil.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return; // closing without a response, as a dead upstream would
        }
        if (answer.closesConnection()) {
            return; // no response sent yet, so closing the exchange closes the connection
        }
        answer.headers().forEach((header, value) -> exchange.getResponseHeaders().add(header, value));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        reset();
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return name + " test server at " + url("");
    }
}
