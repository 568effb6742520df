package dev.mooring.api.lifecycle;

import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestHttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform in front of the sandbox that can go down: it forwards every request to the sandbox,
 * or, while failing, answers 503 the way an overloaded platform does; it can refuse Mooring's client
 * credentials at the token endpoint (RFC 6749 {@code invalid_client}, 401) and answer slowly. It
 * notes every refresh token presented, so a test can prove none was ever sent twice. Started
 * before the application, told where the sandbox is once the application listens.
 */
final class FlakyUpstream extends TestHttpServer {

    private static final Set<String> FORWARDED = Set.of("authorization", "content-type", "accept");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile URI target;
    private volatile boolean failing;
    private volatile boolean refusingClient;
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<String> refreshTokensPresented = new CopyOnWriteArrayList<>();
    private final AtomicInteger revocations = new AtomicInteger();

    FlakyUpstream() {
        super("flaky sandbox");
        fallback(this::answer);
    }

    URI url() {
        return url("/sandbox");
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
        stall(by);
    }

    void recover() {
        failing = false;
        refusingClient = false;
        stall(Duration.ZERO);
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

    private PlatformAnswer answer(PlatformRequest request) {
        String path = request.path();
        if (refusingClient && path.endsWith("/oauth/token")) {
            refusals.incrementAndGet();
            return PlatformAnswer.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        }
        if (failing) {
            refusals.incrementAndGet();
            return PlatformAnswer.json(503, "{\"error\":\"temporarily_unavailable\"}");
        }
        // what reaches the platform: a refused request never did
        if (path.endsWith("/oauth/token") && "refresh_token".equals(request.form("grant_type"))) {
            refreshTokensPresented.add(request.form("refresh_token"));
        }
        if (path.endsWith("/oauth/revoke")) {
            revocations.incrementAndGet();
        }
        return forward(request);
    }

    private PlatformAnswer forward(PlatformRequest request) {
        URI uri = URI.create(target.toString().replaceAll("/sandbox$", "") + request.uri());
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri);
        request.headers().forEach((name, values) -> {
            if (FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> forwarded.header(name, value));
            }
        });
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        forwarded.method(request.method(), body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new PlatformAnswer(response.statusCode(),
                    Map.of("Content-Type", response.headers().firstValue("content-type").orElse("application/json")),
                    response.body(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PlatformAnswer.closeConnection();
        }
    }
}
