package dev.mooring.query.stream;

import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A workspace's account events as one ordered flux: first those after the client's last seen
 * position, read from the store, then the live ones; a position is never sent twice.
 */
@FrontDoor
@Component
public class AccountEventStream {

    private static final int PAGE = 500;

    private final LiveEventFeed feed;
    private final WorkspaceEvents events;

    public AccountEventStream(LiveEventFeed feed, WorkspaceEvents events) {
        this.feed = feed;
        this.events = events;
    }

    /** @param after the last position the client saw; empty to start with the next new event */
    public Flux<StreamedEvent> open(WorkspaceId workspace, OptionalLong after) {
        return Flux.defer(() -> {
            LiveEventFeed.Subscriber live = feed.subscribe(workspace.value());
            long upTo = feed.position(); // read after subscribing: everything later arrives live
            AtomicLong last = new AtomicLong(after.orElse(upTo));
            Flux<StreamedEvent> missed = after.isPresent() ? missed(workspace.value(), after.getAsLong(), upTo) : Flux.empty();
            return Flux.concat(missed, live.events())
                    .filter(event -> event.position() > last.get())
                    .doOnNext(event -> last.set(event.position()))
                    .doFinally(signal -> feed.unsubscribe(live));
        });
    }

    /** Only the workspace's own rows are read, so a resume costs the same whatever other workspaces hold. */
    private Flux<StreamedEvent> missed(String workspaceId, long after, long upTo) {
        return page(workspaceId, after, upTo)
                .expand(page -> page.size() < PAGE ? Mono.empty()
                        : page(workspaceId, page.get(page.size() - 1).position(), upTo))
                .flatMapIterable(page -> page);
    }

    /** JDBC blocks: every page is read on the bounded elastic pool, never on an event loop. */
    private Mono<List<StreamedEvent>> page(String workspaceId, long after, long upTo) {
        return Mono.fromCallable(() -> events.inWorkspace(workspaceId, after, upTo, PAGE)).subscribeOn(Schedulers.boundedElastic());
    }
}
