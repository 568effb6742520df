package dev.mooring.api.admin;

import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointProperties;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.ReactiveHealthContributorRegistry;
import org.springframework.boot.actuate.health.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/health} in public is a bare {@code UP}/{@code DOWN}; components and details
 * (data path, disk sizes, operator faults naming platforms and accounts) are for the admin token.
 * The decision is Spring Boot's own ({@code show-components}/{@code show-details: when-authorized}
 * in application.yml); this only replaces Boot's health web extension with one that reads who the
 * caller is from {@link AdminAccess} rather than from Spring Security, which Mooring does not use.
 */
@Configuration(proxyBeanMethods = false)
class AdminHealthConfig {

    /** Boot's own bean steps back ({@code @ConditionalOnMissingBean}) for this one. */
    @Bean
    ReactiveHealthEndpointWebExtension reactiveHealthEndpointWebExtension(ReactiveHealthContributorRegistry registry,
            HealthEndpointGroups groups, HealthEndpointProperties properties) {
        return new OperatorAwareHealth(registry, groups, properties.getLogging().getSlowIndicatorThreshold());
    }

    /**
     * Both read operations ({@code /actuator/health} and {@code /actuator/health/{*path}}) end in
     * this method, so overriding it covers them while their endpoint mappings stay Boot's.
     */
    static final class OperatorAwareHealth extends ReactiveHealthEndpointWebExtension {

        OperatorAwareHealth(ReactiveHealthContributorRegistry registry, HealthEndpointGroups groups,
                java.time.Duration slowIndicatorLoggingThreshold) {
            super(registry, groups, slowIndicatorLoggingThreshold);
        }

        @Override
        public Mono<WebEndpointResponse<? extends HealthComponent>> health(ApiVersion apiVersion,
                WebServerNamespace serverNamespace, SecurityContext securityContext, boolean showAll, String... path) {
            return Mono.deferContextual(context -> super.health(apiVersion, serverNamespace,
                    AdminAccess.of(context, securityContext), showAll, path));
        }
    }
}
