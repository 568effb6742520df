package dev.mooring.api.idempotency;

import dev.mooring.api.gate.GateRoutes;
import dev.mooring.api.gate.credentials.WorkspaceAuthentication;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.error.ErrorEnvelopeHandler;
import dev.mooring.api.web.Blocking;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code Idempotency-Key} on every {@code POST} and {@code DELETE} under {@code /v1}. The first
 * request with a key runs and its answer is kept (sealed) for the retention; the same request again
 * gets that answer, marked {@code Idempotent-Replayed: true}, and the handler does not run; the key
 * with another method, path, query or body answers {@code idempotency_conflict}, and while the first
 * is still running {@code idempotency_in_progress} with {@code Retry-After}. Answers of 5xx and 429
 * are not kept: they say "try again", so the key is released for the retry. Other 4xx are kept, as
 * Stripe does: the same request would be refused the same way.
 *
 * <p>Runs after authentication (it needs the workspace) and before the handler, whose errors it
 * turns into the envelope itself so that those answers are kept too. Requests without the header,
 * every other method, the token hand-out ({@link GateRoutes#TOKEN_HAND_OUT}, whose answer is a
 * platform token) and the platform proxy ({@link GateRoutes#PROXY}: the header goes to the platform,
 * which keeps its own promise) pass untouched.
 */
@Component
@Order(0) // after authentication: Spring Security's chain runs at order -100
public class IdempotencyFilter implements WebFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;
    private static final String IN_PROGRESS_RETRY_AFTER_SECONDS = "1";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyKeys keys;
    private final ErrorEnvelopeHandler errors;
    private final int maxBodyBytes;

    IdempotencyFilter(IdempotencyKeys keys, ErrorEnvelopeHandler errors,
                      @Value("${spring.codec.max-in-memory-size:256KB}") DataSize maxBody) {
        this.keys = keys;
        this.errors = errors;
        this.maxBodyBytes = (int) maxBody.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        List<String> sent = request.getHeaders().get(HEADER);
        if (sent == null || !(request.getMethod() == HttpMethod.POST || request.getMethod() == HttpMethod.DELETE)) {
            return chain.filter(exchange);
        }
        return GateRoutes.V1.matches(exchange)
                .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                .flatMap(v1 -> GateRoutes.TOKEN_HAND_OUT.matches(exchange))
                .filter(handOut -> !handOut.isMatch()) // a kept answer would be a token at rest
                .flatMap(keepable -> GateRoutes.PROXY.matches(exchange))
                .filter(proxy -> !proxy.isMatch()) // the platform's own idempotency; bodies stream, never gathered
                .flatMap(keepable -> workspaceOf())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(workspace -> workspace.isEmpty() ? chain.filter(exchange)
                        : idempotent(exchange, chain, sent, workspace.get()));
    }

    private Mono<Void> idempotent(ServerWebExchange exchange, WebFilterChain chain, List<String> sent, WorkspaceId workspace) {
        ServerHttpRequest request = exchange.getRequest();
        String refusal = refusal(sent);
        if (refusal != null) {
            return Mono.error(ApiException.invalid(refusal));
        }
        String key = sent.get(0);
        return DataBufferUtils.join(request.getBody(), maxBodyBytes)
                .map(RecordingResponse::drain)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, PayloadTooLargeException::new)
                .flatMap(body -> {
                    IdempotentRequest idempotent = IdempotentRequest.of(workspace, key, request.getMethod().name(),
                            request.getPath().value(), request.getURI().getRawQuery(), body);
                    return Blocking.call(() -> keys.claim(idempotent))
                            .flatMap(claim -> answer(claim, exchange, chain, idempotent, body));
                });
    }

    private Mono<Void> answer(Claim claim, ServerWebExchange exchange, WebFilterChain chain,
                              IdempotentRequest idempotent, byte[] body) {
        if (claim instanceof Claim.Owned owned) {
            return run(exchange, chain, idempotent, owned.claimId(), body);
        }
        if (claim instanceof Claim.Replay replay) {
            return replay(exchange.getResponse(), replay.response());
        }
        if (claim instanceof Claim.InProgress) {
            return inProgress(exchange.getResponse());
        }
        if (claim instanceof Claim.Unreadable) {
            return Mono.error(new ApiException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "the answer kept for this Idempotency-Key can no longer be opened"
                            + " (its master key is no longer configured, or the row was altered)",
                    "send a new key"));
        }
        return Mono.error(new ApiException(ErrorCode.IDEMPOTENCY_CONFLICT,
                "this Idempotency-Key was already used for another request (method, path, query or body)",
                "send a new key for a new request"));
    }

    /**
     * The one place that knows where authentication leaves the workspace; empty on the few {@code /v1}
     * routes that need no key (the OAuth callback).
     */
    private static Mono<WorkspaceId> workspaceOf() {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(WorkspaceAuthentication.class::isInstance)
                .map(authentication -> ((WorkspaceAuthentication) authentication).getPrincipal());
    }

    private Mono<Void> run(ServerWebExchange exchange, WebFilterChain chain, IdempotentRequest idempotent,
                           String claimId, byte[] body) {
        RecordingResponse response = new RecordingResponse(exchange.getResponse(), answer -> Blocking.run(() -> {
            if (answer.worthKeeping()) {
                keys.keep(idempotent, claimId, answer);
            } else {
                keys.release(idempotent, claimId);
            }
        }).onErrorResume(failure -> {
            // the client still gets its answer; a retry with the key runs the request again
            log.warn("could not keep or release an idempotency key of workspace {}: {}",
                    idempotent.workspace().value(), failure.toString());
            return Mono.empty();
        }));
        ServerWebExchange recorded = exchange.mutate()
                .request(new CachedBodyRequest(exchange.getRequest(), body, exchange.getResponse().bufferFactory()))
                .response(response)
                .build();
        // a client that hangs up (the very one that will retry) must not cut the request short: it
        // finishes and its answer is kept for the retry, instead of half-running and running again.
        // The detached run carries the request's context along (the gate's security context in it).
        return Mono.deferContextual(context -> {
            CompletableFuture<Void> handled = chain.filter(recorded)
                    .onErrorResume(failure -> errors.handle(recorded, failure))
                    .then(Mono.defer(response::recordIfSilent))
                    // nothing was kept (the answer failed before it was recorded): the key is free again
                    .onErrorResume(failure -> Blocking.run(() -> keys.release(idempotent, claimId)).then(Mono.error(failure)))
                    .contextWrite(context)
                    .toFuture();
            return Mono.fromFuture(handled, true);
        });
    }

    private static Mono<Void> replay(ServerHttpResponse response, StoredResponse stored) {
        response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
        HttpHeaders headers = response.getHeaders();
        if (stored.contentType() != null) {
            headers.setContentType(MediaType.parseMediaType(stored.contentType()));
        }
        if (stored.location() != null) {
            headers.setLocation(URI.create(stored.location()));
        }
        headers.set(REPLAYED, "true");
        headers.setContentLength(stored.body().length);
        return stored.body().length == 0 ? response.setComplete()
                : response.writeWith(Mono.just(response.bufferFactory().wrap(stored.body())));
    }

    private static Mono<Void> inProgress(ServerHttpResponse response) {
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, IN_PROGRESS_RETRY_AFTER_SECONDS);
        return Mono.error(new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "a request with this Idempotency-Key is still running",
                "retry after Retry-After seconds to get its answer"));
    }

    /**
     * Why the header is refused, or {@code null}: it must be sent once, with 1–255 printable ASCII
     * characters. The message never repeats what was sent.
     */
    private static String refusal(List<String> sent) {
        if (sent.size() != 1) {
            return "send one " + HEADER + " header, not " + sent.size();
        }
        String key = sent.get(0);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return HEADER + " must be printable ASCII (U+0020 to U+007E)";
            }
        }
        return null;
    }
}
