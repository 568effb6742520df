package dev.mooring.query.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One poller per instance follows the event store and hands each new event to the open streams of
 * its workspace, strictly in position order. A missing position is waited for (its transaction may
 * still commit) until the gap timeout says it was rolled back; only then does the feed move past
 * it, so a client resuming after position N never misses an event below N that committed late.
 *
 * <p>{@link #position()} is advanced before an event is handed out, so a subscriber that registers
 * and then reads the position gets every later event live and can read every earlier one from the
 * store.
 */
@Component
@EnableConfigurationProperties(StreamSettings.class)
public class LiveEventFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEventFeed.class);
    private static final int BATCH = 500;
    /** A client this far behind is cut off; it reconnects with Last-Event-ID and loses nothing. */
    private static final int SUBSCRIBER_BUFFER = 1024;

    private final EventLog eventLog;
    private final StreamSettings settings;
    private final Clock clock;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private volatile long position;
    private long gapAt = -1;
    private Instant gapSince;
    private ScheduledExecutorService poller;

    public LiveEventFeed(EventLog eventLog, StreamSettings settings) {
        this.eventLog = eventLog;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** One open stream: its workspace and the buffer between the feed and its HTTP response. */
    public static final class Subscriber {
        private final String workspaceId;
        private final Sinks.Many<StreamedEvent> sink =
                Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(SUBSCRIBER_BUFFER));

        private Subscriber(String workspaceId) {
            this.workspaceId = workspaceId;
        }

        public Flux<StreamedEvent> events() {
            return sink.asFlux();
        }
    }

    /** Every event handed out so far is at or below this position. */
    public long position() {
        return position;
    }

    public Subscriber subscribe(String workspaceId) {
        Subscriber subscriber = new Subscriber(workspaceId);
        subscribers.add(subscriber);
        return subscriber;
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    void poll() {
        try {
            for (EventLog.Entry entry : eventLog.read(position, Long.MAX_VALUE, BATCH)) {
                if (entry.position() != position + 1 && !gapExpired(position + 1)) {
                    return;
                }
                position = entry.position();
                entry.event().ifPresent(event -> publish(new StreamedEvent(entry.position(), event)));
            }
        } catch (RuntimeException e) {
            log.warn("the live event feed could not read the event store; retrying", e);
        }
    }

    private boolean gapExpired(long missing) {
        Instant now = clock.instant();
        if (gapAt != missing) {
            gapAt = missing;
            gapSince = now;
        }
        return !now.isBefore(gapSince.plus(settings.gapTimeout()));
    }

    private void publish(StreamedEvent event) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.workspaceId.equals(event.event().workspaceId())
                    && subscriber.sink.tryEmitNext(event).isFailure()) {
                subscribers.remove(subscriber);
                subscriber.sink.tryEmitError(new SlowSubscriber());
            }
        }
    }

    /** Ends a stream whose client stopped reading; its reconnect resumes where it was. */
    static final class SlowSubscriber extends RuntimeException {
        SlowSubscriber() {
            super("the client fell too far behind the live feed", null, false, false);
        }
    }

    @Override
    public void start() {
        position = eventLog.head();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "live-event-feed");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        poller.shutdownNow();
        poller = null;
        subscribers.forEach(subscriber -> subscriber.sink.tryEmitComplete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
