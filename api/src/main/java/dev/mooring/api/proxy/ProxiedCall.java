package dev.mooring.api.proxy;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.limits.UpstreamWork;
import dev.mooring.api.web.Blocking;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.proxy.ProxyAccounts;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.function.Function;

/**
 * One call to an account's platform as the account: the caller's method, allowed headers and body
 * go up as they arrive, the platform's status, allowed headers and body come back as they arrive,
 * with {@code x-mooring-platform-status}. A platform's refusal (4xx, 5xx, 429) is its answer and
 * passes unchanged; only not reaching it at all is Mooring's {@code platform_unavailable}. The
 * account's row is read before the call and nothing of the database is held during it; the call
 * holds one of the workspace's upstream slots ({@code MOORING_LIMITS_UPSTREAM_CALLS}).
 */
@Component
class ProxiedCall {

    private static final Logger log = LoggerFactory.getLogger(ProxiedCall.class);

    private final ProxyAccounts accounts;
    private final ProxyHttp http;
    private final UpstreamWork upstream;
    private final OutboundPolicy policy;
    private final ProxyProperties settings;
    private final ProxyMetrics metrics;

    ProxiedCall(ProxyAccounts accounts, ProxyHttp http, UpstreamWork upstream, OutboundPolicy policy, ProxyProperties settings,
                ProxyMetrics metrics) {
        this.accounts = accounts;
        this.http = http;
        this.upstream = upstream;
        this.policy = policy;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Forwards the exchange's request for the account to the URI {@code where} makes of its target,
     * and relays the answer; refuses a body declared larger than allowed before anything else.
     */
    Mono<Void> forward(WorkspaceId workspace, AccountId id, ServerWebExchange exchange, Function<ProxyTarget, URI> where) {
        if (exchange.getRequest().getHeaders().getContentLength() > settings.maxBody().toBytes()) {
            return Mono.error(tooLarge());
        }
        MeteredCall metered = metrics.call(exchange.getRequest().getMethod());
        return Blocking.call(() -> accounts.target(id, workspace))
                .flatMap(target -> {
                    metered.platform(target.platform());
                    URI uri = where.apply(target);
                    if (target.callerChosen()) {
                        permit(target, uri);
                    }
                    return upstream.hold(workspace, () -> send(target, uri, exchange));
                })
                .transform(metered::measure);
    }

    private Mono<Void> send(ProxyTarget target, URI uri, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        WebClient client = target.callerChosen() ? http.guarded() : http.configured();
        WebClient.RequestBodySpec call = client.method(request.getMethod()).uri(uri).headers(headers -> {
            ProxyHeaders.copyRequest(request.getHeaders(), headers);
            headers.set(HttpHeaders.AUTHORIZATION, target.authorization().header());
        });
        if (hasBody(request)) {
            call.body(BodyInserters.fromDataBuffers(BodyLimit.limit(request.getBody(), settings.maxBody().toBytes())));
        }
        return call.exchangeToMono(answer -> received(target, answer, exchange.getResponse()))
                .onErrorMap(failure -> !(failure instanceof ApiException), failure -> failed(target, failure));
    }

    /**
     * The one place the platform's answer arrives, before anything of it reaches the caller: where
     * an answer that says the token expired can be told apart and the call renewed and replayed.
     */
    private Mono<Void> received(ProxyTarget target, ClientResponse answer, ServerHttpResponse response) {
        response.setStatusCode(answer.statusCode());
        ProxyHeaders.copyResponse(answer.headers().asHttpHeaders(), response.getHeaders(), target.authorization().token());
        response.getHeaders().set(ProxyHeaders.PLATFORM_STATUS, String.valueOf(answer.statusCode().value()));
        return response.writeWith(answer.bodyToFlux(DataBuffer.class));
    }

    private static boolean hasBody(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() > 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
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
