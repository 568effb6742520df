package dev.mooring.api.gate;

import dev.mooring.api.admin.AdminProperties;
import dev.mooring.api.gate.credentials.BearerConverter;
import dev.mooring.api.gate.credentials.CredentialsByRoute;
import dev.mooring.api.gate.credentials.OperatorAuthentication;
import dev.mooring.api.gate.credentials.WorkspaceAuthentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.StaticServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;

/**
 * The inbound gate: every access rule for every route, in one place. In front of it the firewall
 * ({@link dev.mooring.api.gate.firewall.MooringFirewall}) refuses every path with a second spelling,
 * so the rules below match the path routing will match. Stateless: no session, no saved request,
 * no login page, no HTTP Basic, no generated password; a refusal is always the error envelope
 * ({@link GateRefusals}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GateConfig {

    /**
     * No observations of the gate's own: Spring Security would otherwise wrap each of its filters,
     * and each authentication and authorization, in an observation of its own, a few per cent of a
     * request's CPU in a profile of the load benchmark, measuring what {@code http.server.requests}
     * already times whole.
     */
    @Bean
    SecurityObservationSettings gateObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityWebFilterChain gate(ServerHttpSecurity http, CredentialsByRoute credentials, BearerConverter bearer,
            GateRefusals refusals, AdminProperties admin) {
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(credentials);
        authentication.setServerAuthenticationConverter(bearer);
        // the sandbox's profile endpoint takes its own bearer tokens: the gate checks only its own routes
        // the API description is public: a bearer sent along to it (Swagger UI's, say) is not checked
        authentication.setRequiresAuthenticationMatcher(new AndServerWebExchangeMatcher(
                new OrServerWebExchangeMatcher(GateRoutes.V1, GateRoutes.OPERATOR),
                new NegatedServerWebExchangeMatcher(GateRoutes.API_DESCRIPTION)));
        authentication.setAuthenticationFailureHandler(refusals);
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        return http
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .authorizeExchange(rules -> {
                    rules.matchers(GateRoutes.OAUTH_COMPLETE).permitAll();
                    rules.matchers(GateRoutes.API_DESCRIPTION).permitAll();
                    rules.matchers(GateRoutes.DASHBOARD).permitAll();
                    // each route its key's scope; a path that is no route needs only a key, and routing answers 404
                    ScopedRoutes.RULES.forEach(rule -> rules.matchers(rule.route()).hasAuthority(rule.scope().authority()));
                    rules.matchers(GateRoutes.V1).hasAuthority(WorkspaceAuthentication.AUTHORITY);
                    if (admin.enabled()) {
                        rules.matchers(GateRoutes.ADMIN).hasAuthority(OperatorAuthentication.AUTHORITY);
                    } else {
                        rules.matchers(GateRoutes.ADMIN).denyAll(); // no admin token: no operator routes
                    }
                    rules.matchers(GateRoutes.PUBLIC_HEALTH).permitAll();
                    rules.matchers(GateRoutes.ACTUATOR).hasAuthority(OperatorAuthentication.AUTHORITY);
                    rules.matchers(GateRoutes.SANDBOX).permitAll();
                    rules.matchers(GateRoutes.CONNECT_PAGE).permitAll(); // the link's token, checked by each route
                    // nothing else is a route; refused here, it answers the same 404 routing would
                    rules.anyExchange().denyAll();
                })
                // the JSON API is authenticated by a bearer header a browser never adds on its own (no
                // cookie, no ambient credential), so a cross-site request cannot act with it; the HTML
                // forms Mooring serves carry a token, kept in a cookie because Mooring has no session
                .csrf(csrf -> csrf
                        .requireCsrfProtectionMatcher(GateRoutes.HTML_FORMS)
                        .csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new FormCsrfTokens())
                        .accessDeniedHandler(refusals))
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .writer(new ContentSecurityPolicies())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        // one directive, on every answer: an answer may show a secret once (a new API
                        // key, a webhook signing secret) or an account's state
                        .cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable)
                        .writer(StaticServerHttpHeadersWriter.builder().header(HttpHeaders.CACHE_CONTROL, "no-store").build()))
                .build();
    }

    private static CookieServerCsrfTokenRepository csrfTokens() {
        CookieServerCsrfTokenRepository tokens = new CookieServerCsrfTokenRepository();
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return tokens;
    }
}
