package dev.mooring.query.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One poller per instance follows {@code workspace_events} and hands each new event to the open
 * streams of its workspace, strictly in position order. There is no gap to wait for: positions are
 * dense and a position only commits after every lower one (see {@link WorkspaceEvents#append}), so
 * once the feed has seen position N, no event at or below N can still appear, and a client resuming
 * after N never misses one.
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

    private final WorkspaceEvents events;
    private final StreamSettings settings;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private volatile long position;
    private ScheduledExecutorService poller;

    public LiveEventFeed(WorkspaceEvents events, StreamSettings settings) {
        this.events = events;
        this.settings = settings;
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
            for (StreamedEvent event : events.after(position, BATCH)) {
                position = event.position();
                publish(event);
            }
        } catch (RuntimeException e) {
            log.warn("the live event feed could not read the workspace events; retrying", e);
        }
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
        position = events.head();
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
