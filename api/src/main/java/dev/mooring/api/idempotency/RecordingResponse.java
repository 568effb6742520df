package dev.mooring.api.idempotency;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The response of a request that owns its idempotency key: the whole answer is collected and handed
 * to {@code answered} (which keeps or releases the key) before any of it reaches the client, so a
 * client that has the answer finds it kept when it retries.
 */
final class RecordingResponse extends ServerHttpResponseDecorator {

    private final Function<StoredResponse, Mono<Void>> answered;
    private final AtomicBoolean recorded = new AtomicBoolean();

    RecordingResponse(ServerHttpResponse delegate, Function<StoredResponse, Mono<Void>> answered) {
        super(delegate);
        this.answered = answered;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return DataBufferUtils.join(Flux.from(body))
                .map(RecordingResponse::drain)
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> record(bytes).then(Mono.defer(() ->
                        getDelegate().writeWith(Mono.just(bufferFactory().wrap(bytes))))));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return writeWith(Flux.from(body).concatMap(Flux::from));
    }

    @Override
    public Mono<Void> setComplete() {
        return recordIfSilent().then(getDelegate().setComplete());
    }

    /** A handler that answers with a status alone (a 204) never writes: its answer is recorded here. */
    Mono<Void> recordIfSilent() {
        return record(new byte[0]);
    }

    private Mono<Void> record(byte[] body) {
        if (!recorded.compareAndSet(false, true)) {
            return Mono.empty();
        }
        HttpStatusCode status = getStatusCode() != null ? getStatusCode() : HttpStatus.OK;
        HttpHeaders headers = getHeaders();
        URI location = headers.getLocation();
        return answered.apply(new StoredResponse(status.value(),
                headers.getContentType() == null ? null : headers.getContentType().toString(),
                location == null ? null : location.toString(), body));
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
