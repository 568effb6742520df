package dev.mooring.api.gate;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

import static org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers.pathMatchers;

/**
 * The scope each {@code /v1} route needs, first match wins. A path belongs to one scope whatever the
 * method (so {@code HEAD} or an unrouted method asks the same as {@code GET}), except an account
 * itself, which is read with {@code accounts:read} and deleted with {@code accounts:write}. The
 * proxy's routes are listed before they exist, so no key made now has to be replaced for them.
 */
public final class ScopedRoutes {

    /** A route pattern and the scope it needs. */
    public record Rule(ServerWebExchangeMatcher route, ApiScope scope) {
    }

    public static final List<Rule> RULES = List.of(
            new Rule(pathMatchers("/v1/accounts/connect/**"), ApiScope.CONNECT),
            // ahead of the account rules, whose {id} would take "import" for an account id
            new Rule(pathMatchers("/v1/accounts/import"), ApiScope.ACCOUNTS_IMPORT),
            new Rule(GateRoutes.TOKEN_HAND_OUT, ApiScope.TOKENS_READ),
            new Rule(pathMatchers("/v1/accounts/{id}/proxy/**", "/v1/accounts/{id}/proxy-url"), ApiScope.PROXY),
            new Rule(pathMatchers("/v1/accounts/{id}/refresh", "/v1/accounts/{id}/verify"), ApiScope.ACCOUNTS_WRITE),
            new Rule(pathMatchers(HttpMethod.DELETE, "/v1/accounts/{id}"), ApiScope.ACCOUNTS_WRITE),
            new Rule(pathMatchers("/v1/accounts", "/v1/accounts/{id}", "/v1/accounts/{id}/history", "/v1/events"),
                    ApiScope.ACCOUNTS_READ),
            new Rule(pathMatchers("/v1/webhook-endpoints", "/v1/webhook-endpoints/**"), ApiScope.WEBHOOKS),
            new Rule(pathMatchers("/v1/api-keys", "/v1/api-keys/**"), ApiScope.KEYS));

    private ScopedRoutes() {
    }

    /** The scope the request's route needs; empty for a path that is no route (routing answers 404). */
    public static Mono<ApiScope> scopeOf(ServerWebExchange exchange) {
        return Flux.fromIterable(RULES)
                .concatMap(rule -> rule.route().matches(exchange)
                        .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
                        .map(match -> rule.scope()))
                .next();
    }
}
