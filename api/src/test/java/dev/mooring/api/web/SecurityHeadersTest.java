package dev.mooring.api.web;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

/**
 * Every answer carries the security headers: one that shows a secret once (a new API key), an
 * ordinary read, a refusal, an unauthenticated request, a firewall refusal, a missing route, and the
 * sandbox's HTML consent page.
 */
@MooringTest
class SecurityHeadersTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    @Test
    void everyKindOfAnswerCarriesTheSecurityHeaders() {
        Tenant tenant = accounts.tenant();
        expectHeaders(http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "shown once")).exchange()
                .expectStatus().isCreated());
        expectHeaders(http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange()
                .expectStatus().isOk());
        expectHeaders(http.get().uri("/v1/accounts/acc_01J00000000000000000000000").header(HttpHeaders.AUTHORIZATION,
                tenant.bearer()).exchange().expectStatus().isNotFound());
        expectHeaders(http.get().uri("/v1/accounts").exchange().expectStatus().isUnauthorized());
        // refused by the firewall, before the gate's filters run
        expectHeaders(http.get().uri("/v1/accounts;x=y").header(HttpHeaders.AUTHORIZATION, tenant.bearer()).exchange()
                .expectStatus().isBadRequest());
        // no route at all, and a route the caller may not see
        expectHeaders(http.get().uri("/nowhere").exchange().expectStatus().isNotFound());
        expectHeaders(http.get().uri("/actuator/metrics").exchange().expectStatus().isNotFound());
        String consent = http.post().uri("/v1/accounts/connect/sandbox").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()
                .replaceAll("(?s).*\"redirectUrl\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        expectHeaders(http.get().uri(consent.replaceFirst("^https?://[^/]+", "")).exchange().expectStatus().isOk());
    }

    private static void expectHeaders(WebTestClient.ResponseSpec answer) {
        answer.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Content-Security-Policy", "frame-ancestors 'none'")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
