package dev.mooring.api.auth;

import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@code /v1} route needs {@code Authorization: Bearer <api key>}; the key decides the
 * workspace the request acts in. Missing, malformed, unknown and revoked keys all answer the same
 * 401, so a caller learns nothing about which keys exist.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter implements WebFilter {

    public static final String WORKSPACE = "mooring.workspace";
    public static final String KEY_ID = "mooring.api-key-id";
    private static final String BEARER = "Bearer ";
    private static final PathPattern OAUTH_COMPLETE = PathPatternParser.defaultInstance.parse("/v1/accounts/connect/{platform}/complete");

    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!Routes.under(exchange, "v1") || stateAuthorized(exchange)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            return Mono.error(unauthenticated("missing API key"));
        }
        String presented = header.substring(BEARER.length()).trim();
        return Mono.fromCallable(() -> keys.identify(presented))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(holder -> holder
                        .map(known -> {
                            exchange.getAttributes().put(WORKSPACE, known.workspace());
                            exchange.getAttributes().put(KEY_ID, known.keyId());
                            return chain.filter(exchange);
                        })
                        .orElseGet(() -> Mono.error(unauthenticated("the API key is not valid"))));
    }

    /** The platform's redirect back to Mooring carries no key: its single-use state authorizes it. */
    private static boolean stateAuthorized(ServerWebExchange exchange) {
        return exchange.getRequest().getMethod() == HttpMethod.GET
                && OAUTH_COMPLETE.matches(exchange.getRequest().getPath().pathWithinApplication());
    }

    public static WorkspaceId workspace(ServerWebExchange exchange) {
        return exchange.getRequiredAttribute(WORKSPACE);
    }

    /** The id of the API key the request came with (not the key itself). */
    public static String keyId(ServerWebExchange exchange) {
        return exchange.getRequiredAttribute(KEY_ID);
    }

    private static ApiException unauthenticated(String message) {
        return new ApiException(ErrorCode.UNAUTHENTICATED, message, "send a valid key as Authorization: Bearer <api key>");
    }
}
