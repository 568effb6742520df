package dev.mooring.query.webhooks;

import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due deliveries. A poller claims them in small batches; each attempt is an asynchronous
 * request with its own timeout, so a slow or dead endpoint holds no thread and delays no other
 * endpoint's deliveries. Results are written by a separate small pool, off the HTTP client's threads.
 *
 * <p>Every attempt passes the {@link OutboundPolicy} again (a stored URL's name may point elsewhere
 * by now), and the connection goes to the addresses the policy resolved and checked: Apache
 * HttpClient connects to what its resolver hook ({@link PolicyResolver}) returns, while TLS and the
 * {@code Host} header keep the URL's name. A refused attempt fails for good and sends nothing.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final String USER_AGENT = "Mooring-Webhooks/1";

    private final WebhookDeliveries deliveries;
    private final WebhookSettings settings;
    private final OutboundPolicy policy;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();

    private CloseableHttpAsyncClient http;
    private ScheduledExecutorService poller;
    private ExecutorService recorder;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSettings settings, OutboundPolicy policy, Clock clock) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
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
        SimpleHttpRequest request;
        try {
            URI url = URI.create(due.url());
            // no lookup here: the client's resolver hook resolves once and checks every address
            policy.permit(url, OutboundPolicy.Use.WEBHOOK);
            request = SimpleRequestBuilder.post(url)
                    .addHeader("user-agent", USER_AGENT)
                    .addHeader("webhook-id", due.eventId())
                    .addHeader("webhook-timestamp", Long.toString(timestamp))
                    .addHeader("webhook-signature", WebhookSignature.header(due.secrets(), due.eventId(), timestamp, due.body()))
                    .setBody(due.body().getBytes(StandardCharsets.UTF_8), ContentType.create("application/json"))
                    .build();
        } catch (OutboundRefused refused) {
            settle(due, DeliveryOutcome.refused(refused), started);
            return;
        } catch (IllegalArgumentException e) {
            settle(due, DeliveryOutcome.ofFailure(e), started);
            return;
        }
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Future<?> exchange = http.execute(SimpleRequestProducer.create(request),
                new BasicResponseConsumer<>(new DiscardingEntityConsumer<Void>()),
                new FutureCallback<Message<HttpResponse, Void>>() {
                    @Override
                    public void completed(Message<HttpResponse, Void> response) {
                        status.complete(response.getHead().getCode());
                    }

                    @Override
                    public void failed(Exception failure) {
                        status.completeExceptionally(failure);
                    }

                    @Override
                    public void cancelled() {
                        status.completeExceptionally(new CancellationException());
                    }
                });
        // the client's timeouts bound each read; this one also bounds a body that trickles forever
        status.orTimeout(settings.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((code, failure) -> {
                    if (failure != null) {
                        exchange.cancel(true);
                    }
                    settle(due, failure == null ? DeliveryOutcome.ofStatus(code) : outcomeOf(unwrap(failure)), started);
                    return null;
                }, recorder);
    }

    private static DeliveryOutcome outcomeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicyResolver.Refused refused) {
                return DeliveryOutcome.refused(refused.refusal());
            }
        }
        return DeliveryOutcome.ofFailure(failure);
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
        Timeout attempt = Timeout.of(settings.attemptTimeout());
        http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PolicyResolver(policy, OutboundPolicy.Use.WEBHOOK))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(attempt).setSocketTimeout(attempt).build())
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .setMaxConnTotal(settings.maxInFlight())
                        .setMaxConnPerRoute(settings.maxInFlightPerEndpoint())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(attempt).build())
                // no proxy from system properties: a proxy would connect for us, past the checked addresses
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        http.start();
        poller = Executors.newSingleThreadScheduledExecutor(daemon("webhook-dispatcher"));
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        // attempts under way are abandoned; their leases expire and they are sent again
        poller.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
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
