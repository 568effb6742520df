package dev.mooring.api.proxy;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.limits.UpstreamWork;
import dev.mooring.api.web.Blocking;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.proxy.ProxyAccount;
import dev.mooring.command.proxy.ProxyAccounts;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * One call to an account's platform as the account: the caller's method, allowed headers and body
 * go up as they arrive, the platform's status, allowed headers and body come back as they arrive,
 * with {@code x-mooring-platform-status}. A platform's refusal (4xx, 5xx, 429) is its answer and
 * passes unchanged; only not reaching it at all is Mooring's {@code platform_unavailable}. The
 * account's row is read before the call and nothing of the database is held during it; the call
 * holds one of the workspace's upstream slots ({@code MOORING_LIMITS_UPSTREAM_CALLS}). An answer
 * that says the token expired is the exception: the token is renewed through the lifecycle and the
 * call made again ({@link #renewAndReplay}). The platform's rate limits are kept by
 * {@link RateLimitGuard}: read from every answer, and a call to a family the platform said is spent
 * is answered {@code rate_limited} without being sent.
 */
@Component
class ProxiedCall {

    private static final Logger log = LoggerFactory.getLogger(ProxiedCall.class);
    /** Refusals are a few hundred bytes; a larger 400 or 401 streams through unread. */
    private static final int MAX_REFUSAL_BYTES = 64 * 1024;

    private final ProxyAccounts accounts;
    private final ProxyHttp http;
    private final UpstreamWork upstream;
    private final OutboundPolicy policy;
    private final ProxyProperties settings;
    private final TokenRenewals renewals;
    private final RateLimitGuard rateLimits;
    private final ProxyMetrics metrics;

    ProxiedCall(ProxyAccounts accounts, ProxyHttp http, UpstreamWork upstream, OutboundPolicy policy, ProxyProperties settings,
                TokenRenewals renewals, RateLimitGuard rateLimits, ProxyMetrics metrics) {
        this.accounts = accounts;
        this.http = http;
        this.upstream = upstream;
        this.policy = policy;
        this.settings = settings;
        this.renewals = renewals;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
    }

    /**
     * Forwards the exchange's request for the account to the URI {@code where} makes of its target,
     * and relays the answer; refuses a body declared larger than allowed before anything else. An
     * answer that says the token expired is not relayed: the token is renewed once and the call
     * sent again with the new one, when its body was kept.
     */
    Mono<Void> forward(WorkspaceId workspace, AccountId id, ServerWebExchange exchange, Function<ProxyTarget, URI> where) {
        if (exchange.getRequest().getHeaders().getContentLength() > settings.maxBody().toBytes()) {
            return Mono.error(tooLarge());
        }
        MeteredCall metered = metrics.call(exchange.getRequest().getMethod());
        return Blocking.call(() -> accounts.target(id, workspace))
                .flatMap(account -> {
                    metered.platform(account.target().platform());
                    URI uri = address(account, where);
                    RateLimitGuard.Call limits = rateLimits.call(id, account.target(), uri);
                    return limits.admit().then(Mono.defer(() -> upstream.hold(workspace, () -> OutgoingBody.of(exchange.getRequest(),
                                    settings.maxBody().toBytes(), settings.replayMaxBody().toBytes())
                            .flatMap(body -> send(account, uri, exchange, body, limits, true)
                                    .flatMap(expired -> renewAndReplay(workspace, id, account, exchange, where, body, limits, expired))))));
                })
                .transform(metered::measure);
    }

    private URI address(ProxyAccount account, Function<ProxyTarget, URI> where) {
        URI uri = where.apply(account.target());
        if (account.target().callerChosen()) {
            permit(account.target(), uri);
        }
        return uri;
    }

    /** Sends the call and relays the answer; an answer that says the token expired comes back instead, when {@code mayRenew}. */
    private Mono<RefusedAnswer> send(ProxyAccount account, URI uri, ServerWebExchange exchange, OutgoingBody body,
                                     RateLimitGuard.Call limits, boolean mayRenew) {
        ProxyTarget target = account.target();
        ServerHttpRequest request = exchange.getRequest();
        WebClient client = target.callerChosen() ? http.guarded() : http.configured();
        WebClient.RequestBodySpec call = client.method(request.getMethod()).uri(uri).headers(headers -> {
            ProxyHeaders.copyRequest(request.getHeaders(), headers);
            headers.set(HttpHeaders.AUTHORIZATION, target.authorization().header());
        });
        body.attachTo(call);
        // every answer's rate-limit headers are recorded before anything of it reaches the caller
        return call.exchangeToMono(answer -> limits.record(answer)
                        .then(Mono.defer(() -> received(target, answer, exchange.getResponse(), mayRenew))))
                .onErrorMap(failure -> !(failure instanceof ApiException), failure -> failed(target, failure));
    }

    /**
     * The one place the platform's answer arrives, before anything of it reaches the caller. A 400 or
     * 401 (the statuses every platform says "expired" with) is read whole, small as refusals are, for
     * the platform's connector to tell whether it means the token expired; everything else streams.
     */
    private Mono<RefusedAnswer> received(ProxyTarget target, ClientResponse answer, ServerHttpResponse response, boolean mayRenew) {
        int status = answer.statusCode().value();
        boolean mayMeanExpired = mayRenew && (status == 400 || status == 401)
                && answer.headers().contentLength().orElse(0) <= MAX_REFUSAL_BYTES;
        if (!mayMeanExpired) {
            return relay(target, answer.statusCode(), answer.headers().asHttpHeaders(), answer.bodyToFlux(DataBuffer.class), response)
                    .then(Mono.empty());
        }
        return DataBufferUtils.join(answer.bodyToFlux(DataBuffer.class), MAX_REFUSAL_BYTES)
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> {
                    RefusedAnswer refused = new RefusedAnswer(answer.statusCode(), copy(answer.headers().asHttpHeaders()), bytes);
                    return accounts.saysTokenExpired(target, status, new String(bytes, StandardCharsets.UTF_8)) ? Mono.just(refused)
                            : relay(target, refused, response).then(Mono.empty());
                });
    }

    /**
     * After the platform refused the account's token as expired: one renewal (shared with every call
     * that met the same expiry), then the call again with the new token when its body was kept. The
     * renewal's outcome decides the rest: the grant dead is {@code platform_auth_failed} (the lifecycle
     * revoked the account), a refresh that failed for a passing reason {@code platform_unavailable}
     * (nothing revoked), and an account with nothing to renew with gets the platform's own answer.
     */
    private Mono<Void> renewAndReplay(WorkspaceId workspace, AccountId id, ProxyAccount used, ServerWebExchange exchange,
                                      Function<ProxyTarget, URI> where, OutgoingBody body, RateLimitGuard.Call limits,
                                      RefusedAnswer expired) {
        ProxyTarget target = used.target();
        ServerHttpResponse response = exchange.getResponse();
        return renewals.renew(id, workspace, used.accessToken())
                .map(Optional::of)
                .onErrorResume(AccountCommandRefused.class, refused -> refused.code() == ErrorCode.PLATFORM_REJECTED
                        ? Mono.just(Optional.empty()) : Mono.error(refused))
                .flatMap(renewal -> {
                    if (renewal.isEmpty()) {
                        return relay(target, expired, response); // nothing to renew the token with: the platform's answer stands
                    }
                    log.info("proxy call to {} met an expired token; renewal: {}", target.platform().wireName(), renewal.get());
                    return switch (renewal.get()) {
                        case REVOKED -> Mono.error(new ApiException(ErrorCode.PLATFORM_AUTH_FAILED, target.platform().wireName()
                                + " refused to renew the account's expired token: the account is revoked", "connect the account again"));
                        case FAILED, OPERATOR_FAULT -> Mono.error(new ApiException(ErrorCode.PLATFORM_UNAVAILABLE,
                                "the account's token expired and " + target.platform().wireName()
                                        + " could not renew it now; the account stays connected", "try again later"));
                        case REFRESHED, NOT_DUE -> Blocking.call(() -> accounts.target(id, workspace))
                                .flatMap(renewed -> replay(renewed, used, exchange, where, body, limits, expired));
                    };
                });
    }

    private Mono<Void> replay(ProxyAccount renewed, ProxyAccount used, ServerWebExchange exchange, Function<ProxyTarget, URI> where,
                              OutgoingBody body, RateLimitGuard.Call limits, RefusedAnswer expired) {
        if (renewed.accessToken().equals(used.accessToken())) {
            return relay(used.target(), expired, exchange.getResponse()); // not renewed after all (too young to refresh)
        }
        if (!body.replayable()) {
            return Mono.error(new ApiException(ErrorCode.TOKEN_REFRESHED_RETRY, "the account's token had expired and is renewed now, "
                    + "but the request body was streamed (larger than MOORING_PROXY_REPLAY_MAX_BODY, "
                    + settings.replayMaxBody().toKilobytes() + " KB) and could not be sent again",
                    "send the same request again"));
        }
        return send(renewed, address(renewed, where), exchange, body, limits, false).then();
    }

    private static Mono<Void> relay(ProxyTarget target, RefusedAnswer answer, ServerHttpResponse response) {
        return relay(target, answer.status(), answer.headers(), Flux.just(response.bufferFactory().wrap(answer.body())), response);
    }

    private static Mono<Void> relay(ProxyTarget target, HttpStatusCode status, HttpHeaders headers, Flux<DataBuffer> body,
                                    ServerHttpResponse response) {
        response.setStatusCode(status);
        ProxyHeaders.copyResponse(headers, response.getHeaders(), target.authorization().token());
        response.getHeaders().set(ProxyHeaders.PLATFORM_STATUS, String.valueOf(status.value()));
        return response.writeWith(body);
    }

    private static HttpHeaders copy(HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(headers);
        return copy;
    }

    /** A refusal read whole, held until it is known whether a renewed token makes it moot. */
    private record RefusedAnswer(HttpStatusCode status, HttpHeaders headers, byte[] body) {
    }

    private void permit(ProxyTarget target, URI uri) {
        try {
            policy.permit(uri, OutboundPolicy.Use.IDENTITY);
        } catch (OutboundRefused refused) {
            throw refusedByPolicy(target, refused);
        }
    }

    private Throwable failed(ProxyTarget target, Throwable failure) {
        if (BodyLimit.cut(failure)) {
            return tooLarge();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundRefused refused) {
                return refusedByPolicy(target, refused);
            }
        }
        if (failure instanceof WebClientRequestException) {
            // the exception's own words name the URI; the log gets the kind of failure only
            log.info("proxy call to {} did not reach it: {}", target.platform().wireName(),
                    failure.getCause() != null ? failure.getCause().getClass().getSimpleName() : "request failed");
            return new ApiException(ErrorCode.PLATFORM_UNAVAILABLE, target.platform().wireName()
                    + " could not be reached or did not answer in time; nothing of its answer was received", "try again later");
        }
        return failure;
    }

    private static ApiException refusedByPolicy(ProxyTarget target, OutboundRefused refused) {
        return new ApiException(ErrorCode.PLATFORM_REJECTED, "the account's " + target.platform().wireName()
                + " server is refused by the outbound policy: " + refused.getMessage());
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than the proxy forwards ("
                + settings.maxBody().toMegabytes() + " MB, MOORING_PROXY_MAX_BODY); the platform did not get it",
                "send a smaller body, or upload in parts where the platform allows it");
    }
}
