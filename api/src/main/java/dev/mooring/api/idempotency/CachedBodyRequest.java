package dev.mooring.api.idempotency;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/** The request with its body already read (to fingerprint it), handed to the handler from memory. */
final class CachedBodyRequest extends ServerHttpRequestDecorator {

    private final byte[] body;
    private final DataBufferFactory buffers;

    CachedBodyRequest(ServerHttpRequest delegate, byte[] body, DataBufferFactory buffers) {
        super(delegate);
        this.body = body;
        this.buffers = buffers;
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return body.length == 0 ? Flux.empty() : Flux.defer(() -> Flux.just(buffers.wrap(body)));
    }
}
