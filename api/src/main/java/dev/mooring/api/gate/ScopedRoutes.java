package dev.mooring.api.gate;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

import static org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers.pathMatchers;

/**
 * The scope each {@code /v1} route needs, first match wins. A path belongs to one scope whatever the
 * method (so {@code HEAD} or an unrouted method asks the same as {@code GET}), except an account
 * itself, which is read with {@code accounts:read} and deleted with {@code accounts:write}.
 */
public final class ScopedRoutes {

    /**
     * Path patterns, for one method or any, and the scope they need. The patterns stay readable
     * beside their matcher so that the API description states the very scope the gate asks.
     */
    public record Rule(HttpMethod method, List<String> patterns, ApiScope scope, ServerWebExchangeMatcher route) {

        static Rule of(ApiScope scope, String... patterns) {
            return new Rule(null, List.of(patterns), scope, pathMatchers(patterns));
        }

        static Rule of(HttpMethod method, ApiScope scope, String... patterns) {
            return new Rule(method, List.of(patterns), scope, pathMatchers(method, patterns));
        }

        /** Whether a route, given by its method and path template ({@code /v1/accounts/{id}}), falls under this rule. */
        boolean covers(HttpMethod routeMethod, String template) {
            PathContainer path = PathContainer.parsePath(template);
            return (method == null || method.equals(routeMethod))
                    && patterns.stream().anyMatch(pattern -> PathPatternParser.defaultInstance.parse(pattern).matches(path));
        }
    }

    public static final List<Rule> RULES = List.of(
            Rule.of(ApiScope.CONNECT, "/v1/accounts/connect/**", "/v1/connect-sessions"),
            // ahead of the account rules, whose {id} would take "import" for an account id
            Rule.of(ApiScope.ACCOUNTS_IMPORT, "/v1/accounts/import"),
            Rule.of(ApiScope.TOKENS_READ, GateRoutes.TOKEN_HAND_OUT_PATH),
            Rule.of(ApiScope.PROXY, "/v1/accounts/{id}/proxy/**", "/v1/accounts/{id}/proxy-url"),
            Rule.of(ApiScope.ACCOUNTS_WRITE, "/v1/accounts/{id}/refresh", "/v1/accounts/{id}/verify"),
            Rule.of(HttpMethod.DELETE, ApiScope.ACCOUNTS_WRITE, "/v1/accounts/{id}"),
            Rule.of(ApiScope.ACCOUNTS_READ, "/v1/accounts", "/v1/accounts/{id}", "/v1/accounts/{id}/history", "/v1/events"),
            Rule.of(ApiScope.WEBHOOKS, "/v1/webhook-endpoints", "/v1/webhook-endpoints/**"),
            Rule.of(ApiScope.KEYS, "/v1/api-keys", "/v1/api-keys/**"));

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

    /** The scope a route needs, by its method and path template, as the gate will ask it. */
    public static Optional<ApiScope> scopeOf(HttpMethod method, String template) {
        return RULES.stream().filter(rule -> rule.covers(method, template)).map(Rule::scope).findFirst();
    }
}
