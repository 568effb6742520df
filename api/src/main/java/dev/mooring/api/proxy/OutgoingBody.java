package dev.mooring.api.proxy;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A proxied request's body as it goes up: none, kept in memory when the caller declared a length up
 * to {@code MOORING_PROXY_REPLAY_MAX_BODY} (so the call can be sent again once an expired token was
 * renewed), or streamed as it arrives, which can be sent only once.
 */
final class OutgoingBody {

    private static final OutgoingBody NONE = new OutgoingBody(null, null);

    private final byte[] kept;
    private final Flux<DataBuffer> streamed;

    private OutgoingBody(byte[] kept, Flux<DataBuffer> streamed) {
        this.kept = kept;
        this.streamed = streamed;
    }

    /** The request's body, read into memory first when it is declared small enough to keep. */
    static Mono<OutgoingBody> of(ServerHttpRequest request, long maxBody, long replayMaxBody) {
        HttpHeaders headers = request.getHeaders();
        long declared = headers.getContentLength();
        if (declared <= 0 && !headers.containsKey(HttpHeaders.TRANSFER_ENCODING)) {
            return Mono.just(NONE);
        }
        if (declared > 0 && declared <= replayMaxBody) {
            return DataBufferUtils.join(request.getBody(), (int) replayMaxBody)
                    .map(joined -> {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        DataBufferUtils.release(joined);
                        return new OutgoingBody(bytes, null);
                    })
                    .defaultIfEmpty(new OutgoingBody(new byte[0], null));
        }
        return Mono.just(new OutgoingBody(null, BodyLimit.limit(request.getBody(), maxBody)));
    }

    /** Whether it can be sent again: it was kept, or there was none. */
    boolean replayable() {
        return streamed == null;
    }

    /** Attaches the body to the call; a streamed body only to the first. */
    void attachTo(WebClient.RequestBodySpec call) {
        if (kept != null) {
            call.body(BodyInserters.fromValue(kept));
        } else if (streamed != null) {
            call.body(BodyInserters.fromDataBuffers(streamed));
        }
    }
}
