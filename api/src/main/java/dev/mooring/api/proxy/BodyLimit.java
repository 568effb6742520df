package dev.mooring.api.proxy;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body passed on as it arrives, never gathered, and cut with {@link TooLarge} at the first
 * buffer past the limit: the platform then sees a request that broke off, never a whole one.
 */
final class BodyLimit {

    /** The body went past the limit while it streamed. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("the request body went past MOORING_PROXY_MAX_BODY", null, false, false);
        }
    }

    private BodyLimit() {
    }

    static Flux<DataBuffer> limit(Flux<DataBuffer> body, long maxBytes) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            return body.map(buffer -> {
                if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                    DataBufferUtils.release(buffer);
                    throw new TooLarge();
                }
                return buffer;
            });
        });
    }

    /** Whether {@code failure} or one of its causes is the limit's cut. */
    static boolean cut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }
}
