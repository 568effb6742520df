package dev.mooring.api.support;

import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestHttpServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on 127.0.0.1 that webhooks are posted to. It keeps every request and answers
 * as the test says: by request number, after a wait, or not until released.
 */
public final class WebhookReceiver extends TestHttpServer {

    /** Decides the status of the n-th request (1-based); may block to play a slow endpoint. */
    @FunctionalInterface
    public interface Answer {
        int status(int requestNumber) throws InterruptedException;
    }

    /** One request as it arrived: headers (names in any case) and the exact body. */
    public record Received(Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Answer answer = n -> 200;

    private WebhookReceiver() {
        super("webhook receiver");
        fallback(this::receive);
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver();
    }

    public WebhookReceiver answering(Answer answer) {
        this.answer = answer;
        return this;
    }

    public String url() {
        return url("/hooks").toString();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private PlatformAnswer receive(PlatformRequest request) {
        received.add(new Received(Map.copyOf(request.headers()), request.body()));
        try {
            return PlatformAnswer.status(answer.status(requests.incrementAndGet()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PlatformAnswer.closeConnection();
        }
    }
}
