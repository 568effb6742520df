package dev.mooring.api.support;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A client of {@code GET /v1/events} over real HTTP, keeping what it receives until closed. */
public final class EventStreamClient implements AutoCloseable {

    private final List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final Disposable connection;

    private EventStreamClient(String baseUrl, String bearer, String lastEventId) {
        WebClient.RequestHeadersSpec<?> request = WebClient.create(baseUrl).get().uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, bearer);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        connection = request.retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .subscribe(event -> {
                    if (event.data() == null) {
                        heartbeats.incrementAndGet();
                    } else {
                        events.add(event);
                    }
                });
    }

    /** @param lastEventId sent as {@code Last-Event-ID}, or null for a fresh stream */
    public static EventStreamClient open(int port, String bearer, String lastEventId) {
        return new EventStreamClient("http://localhost:" + port, bearer, lastEventId);
    }

    public List<ServerSentEvent<String>> events() {
        return List.copyOf(events);
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
