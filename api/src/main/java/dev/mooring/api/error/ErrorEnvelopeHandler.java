package dev.mooring.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.web.NoControlCharacters;
import dev.mooring.command.connect.ConnectFailed;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.limits.QuotaExceeded;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Every failure leaves as the error envelope with a stable code and the request id. Unexpected
 * failures are logged with their stack trace under the request id; the client sees only
 * {@code internal_error}.
 */
@Component
@Order(-2) // ahead of Spring Boot's default handler, which would answer its own shape
public class ErrorEnvelopeHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorEnvelopeHandler.class);

    /** What every missing, malformed or foreign account id answers; {@link ApiException#notFound} says the same. */
    static final String ACCOUNT_NOT_FOUND = "account not found";

    /** About when work that outlived its request has finished, so that asking again shows its outcome. */
    private static final Duration TIMEOUT_RETRY_AFTER = Duration.ofSeconds(15);
    /** About when a busy connection pool has a connection free again. */
    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(2);
    private static final Pattern CONNECT_PAGE_TOKEN = Pattern.compile("^/connect/[^/]+");

    private final ObjectMapper json;

    public ErrorEnvelopeHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        String requestId = RequestIdFilter.of(exchange);
        Mapped mapped = map(unwrap(failure));
        if (mapped.code() == ErrorCode.SERVICE_BUSY) {
            // the operator's signal that MOORING_DATABASE_POOL_SIZE is too small for the load
            log.warn("request {} {} {} found no free database connection within MOORING_DATABASE_CONNECTION_TIMEOUT",
                    requestId, exchange.getRequest().getMethod(), loggedPath(exchange));
        } else if (mapped.code() == ErrorCode.INTERNAL_ERROR) {
            log.error("request {} {} {} failed", requestId, exchange.getRequest().getMethod(),
                    loggedPath(exchange), withoutRequestTrail(failure));
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(new ErrorEnvelope(new ErrorEnvelope.Body(mapped.code(), mapped.message(),
                    mapped.platform() == null ? null : mapped.platform().wireName(), mapped.remediation(), requestId)));
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(HttpStatusCode.valueOf(mapped.status()));
        if (mapped.retryAfter() != null) {
            // whole seconds, rounded up: a client told 0 would ask again at once
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (mapped.retryAfter().toMillis() + 999) / 1000)));
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private record Mapped(ErrorCode code, int status, String message, String remediation, Platform platform,
                          Duration retryAfter) {
        Mapped(ErrorCode code, int status, String message, String remediation) {
            this(code, status, message, remediation, null, null);
        }

        Mapped(ErrorCode code, String message) {
            this(code, code.httpStatus(), message, null);
        }
    }

    private static Mapped map(Throwable failure) {
        if (failure instanceof ApiException api) {
            return new Mapped(api.code(), api.code().httpStatus(), api.getMessage(), api.remediation(), null, api.retryAfter());
        }
        if (failure instanceof QuotaExceeded exceeded) {
            return new Mapped(ErrorCode.QUOTA_EXCEEDED, ErrorCode.QUOTA_EXCEEDED.httpStatus(), exceeded.getMessage(),
                    "remove one of the workspace's " + exceeded.quota().what() + ", or ask the operator to raise "
                            + exceeded.quota().setting());
        }
        if (failure instanceof AccountCommandRefused refused) {
            // the same words for a stranger's account as for none at all: the id's existence stays unsaid
            return refused.code() == ErrorCode.NOT_FOUND ? new Mapped(ErrorCode.NOT_FOUND, ACCOUNT_NOT_FOUND)
                    : new Mapped(refused.code(), refused.getMessage());
        }
        if (failure instanceof ConnectFailed failed) {
            return new Mapped(failed.code(), failed.code().httpStatus(), failed.getMessage(), null, failed.platform(), failed.retryAfter());
        }
        if (failure instanceof PlatformFailure upstream) {
            return new Mapped(upstream.code(), upstream.code().httpStatus(), upstream.getMessage(), null, upstream.platform(), upstream.retryAfter());
        }
        if (failure instanceof AggregateNotFoundException || failure instanceof AggregateDeletedException) {
            return new Mapped(ErrorCode.NOT_FOUND, ACCOUNT_NOT_FOUND);
        }
        if (poolExhausted(failure)) {
            return new Mapped(ErrorCode.SERVICE_BUSY, ErrorCode.SERVICE_BUSY.httpStatus(),
                    "Mooring has no free database connection right now; nothing was done", "try again shortly",
                    null, BUSY_RETRY_AFTER);
        }
        if (timedOut(failure)) {
            // the work goes on (nothing is cancelled half way); its outcome shows on the account
            return new Mapped(ErrorCode.PLATFORM_UNAVAILABLE, ErrorCode.PLATFORM_UNAVAILABLE.httpStatus(),
                    "the platform is taking longer than this request may wait", "read the account again shortly",
                    null, TIMEOUT_RETRY_AFTER);
        }
        if (failure instanceof ServerExchangeRejectedException) {
            // the firewall checks headers and parameters as a handler reads them; its words may quote them
            return new Mapped(ErrorCode.VALIDATION_FAILED, "a header or a parameter holds characters that are not allowed");
        }
        if (failure instanceof DataBufferLimitException) {
            // a body read past the codecs' in-memory limit (a form, say), not only through a decoder
            return new Mapped(ErrorCode.VALIDATION_FAILED, HttpStatus.PAYLOAD_TOO_LARGE.value(),
                    "the request body is larger than this API accepts", null);
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            return new Mapped(ErrorCode.METHOD_NOT_ALLOWED, notAllowed.getHttpMethod() + " is not allowed here");
        }
        if (failure instanceof ServerWebInputException input) {
            // say what was wrong without echoing the input back
            return new Mapped(ErrorCode.VALIDATION_FAILED, input.getCause() instanceof DecodingException decoding
                    ? decoding.getCause() instanceof NoControlCharacters.Refused
                            ? "a string in the request body holds a control character (U+0000 to U+001F, U+007F)"
                            : "the request body is not valid JSON of the expected shape"
                    : input.getReason() != null ? input.getReason() : "invalid request");
        }
        if (failure instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            if (code.value() == HttpStatus.NOT_FOUND.value()) {
                return new Mapped(ErrorCode.NOT_FOUND, "no such route");
            }
            if (code.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
                // Spring's own reason names Java types; the caller needs only the one type we read
                return new Mapped(ErrorCode.UNSUPPORTED_MEDIA_TYPE, code.value(),
                        "the request body must be application/json", "send it with Content-Type: application/json");
            }
            if (code.is4xxClientError()) {
                return new Mapped(ErrorCode.VALIDATION_FAILED, code.value(),
                        status.getReason() != null ? status.getReason() : "invalid request", null);
            }
        }
        return new Mapped(ErrorCode.INTERNAL_ERROR, "something went wrong on our side; quote the request id");
    }

    /**
     * Reactor attaches the full request URI (query included: OAuth codes and states) to failures as
     * a suppressed trail; the log gets the failure and its causes without it.
     */
    static Throwable withoutRequestTrail(Throwable failure) {
        Throwable cause = failure.getCause() == null || failure.getCause() == failure
                ? null : withoutRequestTrail(failure.getCause());
        Throwable copy = new LoggedFailure(failure.getClass().getName() + ": " + failure.getMessage(), cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    private static final class LoggedFailure extends RuntimeException {
        LoggedFailure(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** A timeout anywhere in the chain (a bus or client may wrap it): the platform or the work was slow, never a 500. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * No connection came from the pool in time, however JDBI, Spring or Axon wrapped it: Hikari's
     * {@link SQLTransientConnectionException}.
     */
    private static boolean poolExhausted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The request's path for a log line: a Connect page link's token is its credential, so it is left out. */
    private static String loggedPath(ServerWebExchange exchange) {
        return CONNECT_PAGE_TOKEN.matcher(exchange.getRequest().getPath().value()).replaceFirst("/connect/{token}");
    }
}
