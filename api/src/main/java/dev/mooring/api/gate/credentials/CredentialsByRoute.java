package dev.mooring.api.gate.credentials;

import dev.mooring.api.admin.AdminProperties;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.gate.GateRoutes;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Which credential a bearer is checked as: the admin token on the operator routes and the actuator,
 * an API key everywhere else the gate authenticates ({@code /v1}). An API key sent to {@code /admin}
 * is thus simply a wrong admin token, and the reverse.
 */
@Component
public class CredentialsByRoute implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {

    private final ReactiveAuthenticationManager apiKeys;
    private final ReactiveAuthenticationManager adminToken;

    CredentialsByRoute(ApiKeys keys, AdminProperties admin) {
        this.apiKeys = new ApiKeyAuthenticationManager(keys);
        this.adminToken = new AdminTokenAuthenticationManager(admin);
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
        return GateRoutes.OPERATOR.matches(exchange)
                .map(operator -> operator.isMatch() ? adminToken : apiKeys);
    }
}
