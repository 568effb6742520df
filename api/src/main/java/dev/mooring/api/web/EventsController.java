package dev.mooring.api.web;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.limits.EventStreamSlots;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.events.AccountEvent;
import dev.mooring.query.stream.AccountEventStream;
import dev.mooring.query.stream.StreamSettings;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/events}: the workspace's account events as server-sent events. Each {@code id:} is
 * the event's stream position (in {@code workspace_events}), so a reconnect with {@code Last-Event-ID}
 * (which browsers' EventSource send by themselves) continues exactly after it. Comment lines keep an
 * idle connection alive.
 */
@RestController
public class EventsController {

    private static final Pattern POSITION = Pattern.compile("\\d{1,18}");

    private final AccountEventStream stream;
    private final StreamSettings settings;

    private final EventStreamSlots slots;

    public EventsController(AccountEventStream stream, StreamSettings settings, EventStreamSlots slots) {
        this.stream = stream;
        this.settings = settings;
        this.slots = slots;
    }

    @Operation(operationId = "streamEvents", summary = "The workspace's account events as server-sent events, resumable with Last-Event-ID")
    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<AccountEvent>> events(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, @CallerWorkspace WorkspaceId workspace) {
        OptionalLong after = parse(lastEventId);
        // the slot is taken when the stream opens and given back however it ends; over the quota, the
        // refusal comes before anything is streamed, so it is an ordinary error answer
        return Flux.using(() -> slots.take(workspace), slot -> stream(workspace, after), EventStreamSlots.Slot::close);
    }

    private Flux<ServerSentEvent<AccountEvent>> stream(WorkspaceId workspace, OptionalLong after) {
        Flux<ServerSentEvent<AccountEvent>> events = stream.open(workspace, after)
                .map(streamed -> ServerSentEvent.builder(streamed.event())
                        .id(Long.toString(streamed.position()))
                        .event(streamed.event().type())
                        .build());
        Flux<ServerSentEvent<AccountEvent>> heartbeats = Flux.interval(settings.heartbeat())
                .map(tick -> ServerSentEvent.<AccountEvent>builder().comment("heartbeat").build());
        // heartbeats end with the events (the feed completes every stream at shutdown), or the merge
        // would keep the connection open and hold up the server's graceful shutdown
        return events.publish(live -> Flux.merge(live, heartbeats.takeUntilOther(live.then(Mono.just(true)))));
    }

    private static OptionalLong parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return OptionalLong.empty();
        }
        if (!POSITION.matcher(lastEventId.strip()).matches()) {
            throw ApiException.invalid("Last-Event-ID must be the id of an event this stream sent");
        }
        return OptionalLong.of(Long.parseLong(lastEventId.strip()));
    }
}
