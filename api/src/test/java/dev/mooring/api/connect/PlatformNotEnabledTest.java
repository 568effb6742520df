package dev.mooring.api.connect;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

/** With no client credentials configured (the default), a platform cannot be connected. */
@MooringTest
class PlatformNotEnabledTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    @ParameterizedTest
    @ValueSource(strings = {"x", "linkedin", "pinterest"})
    void aPlatformWithoutClientCredentialsIsNotEnabled(String platform) {
        http.post().uri("/v1/accounts/connect/" + platform)
                .header(HttpHeaders.AUTHORIZATION, accounts.tenant().bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("platform_not_enabled")
                .jsonPath("$.error.platform").isEqualTo(platform);
    }
}
