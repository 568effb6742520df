package dev.mooring.query.webhooks;

import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due deliveries. A poller claims them in small batches; each attempt is an asynchronous
 * request with its own timeout, so a slow or dead endpoint holds no thread and delays no other
 * endpoint's deliveries. Results are written by a separate small pool, off the HTTP client's threads.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final String USER_AGENT = "Mooring-Webhooks/1";

    private final WebhookDeliveries deliveries;
    private final WebhookSettings settings;
    private final OutboundPolicy policy;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger inFlight = new AtomicInteger();

    private HttpClient http;
    private ScheduledExecutorService poller;
    private ExecutorService recorder;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSettings settings, OutboundPolicy policy) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.policy = policy;
    }

    void poll() {
        try {
            int room = settings.maxInFlight() - inFlight.get();
            if (room > 0) {
                deliveries.claimDue(room, settings.maxInFlightPerEndpoint(), settings.lease()).forEach(this::send);
            }
        } catch (RuntimeException e) {
            log.warn("could not claim due webhook deliveries; retrying", e);
        }
    }

    private void send(WebhookDeliveries.Due due) {
        inFlight.incrementAndGet();
        Instant started = clock.instant();
        long timestamp = started.getEpochSecond();
        HttpRequest request;
        try {
            URI url = URI.create(due.url());
            // again at every delivery: the URL's name may point elsewhere now than when it was stored
            policy.permit(url, OutboundPolicy.Use.WEBHOOK);
            policy.addresses(url.getHost(), OutboundPolicy.Use.WEBHOOK);
            request = HttpRequest.newBuilder(url)
                    .timeout(settings.attemptTimeout())
                    .header("content-type", "application/json")
                    .header("user-agent", USER_AGENT)
                    .header("webhook-id", due.eventId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.header(due.secrets(), due.eventId(), timestamp, due.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(due.body()))
                    .build();
        } catch (OutboundRefused refused) {
            settle(due, DeliveryOutcome.refused(refused), started);
            return;
        } catch (IllegalArgumentException | UnknownHostException e) {
            settle(due, DeliveryOutcome.ofFailure(e), started);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                // the client's own timeout ends at the headers; this one also bounds a body that never ends
                .orTimeout(settings.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((response, failure) -> {
                    settle(due, failure == null ? DeliveryOutcome.ofStatus(response.statusCode())
                            : DeliveryOutcome.ofFailure(unwrap(failure)), started);
                    return null;
                }, recorder);
    }

    private void settle(WebhookDeliveries.Due due, DeliveryOutcome outcome, Instant started) {
        try {
            long took = clock.millis() - started.toEpochMilli();
            deliveries.record(due, outcome, started, took, settings.retrySchedule());
        } catch (RuntimeException e) {
            // the lease runs out and the delivery is sent again: at least once, never lost
            log.warn("could not record the attempt of {}; it will be retried", due, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void start() {
        recorder = Executors.newFixedThreadPool(2, daemon("webhook-recorder"));
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.attemptTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        poller = Executors.newSingleThreadScheduledExecutor(daemon("webhook-dispatcher"));
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        // attempts under way are abandoned; their leases expire and they are sent again
        poller.shutdownNow();
        recorder.shutdownNow();
        poller = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
