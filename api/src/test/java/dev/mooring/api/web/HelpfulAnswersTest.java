package dev.mooring.api.web;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.query.AccountView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals that tell a caller what to do next, in words, without Java or a stack trace. */
@MooringTest
@ExtendWith(OutputCaptureExtension.class)
class HelpfulAnswersTest {

    private static final String EVERY_PLATFORM = "bluesky, x, linkedin, facebook, instagram, threads, pinterest, sandbox";

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @Test
    void aBodyThatIsNotJsonIs415SayingToSendJson() {
        for (MediaType type : new MediaType[] {MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED}) {
            http.post().uri("/v1/webhook-endpoints").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                    .contentType(type).bodyValue("url=https://example.com/hook")
                    .exchange()
                    .expectStatus().isEqualTo(415)
                    .expectBody()
                    .jsonPath("$.error.code").isEqualTo("unsupported_media_type")
                    .jsonPath("$.error.message").value(message -> assertThat((String) message)
                            .contains("application/json").doesNotContain("java", "Exception", "org.springframework"));
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        String key = tenant.bearer().substring("Bearer ".length());
        for (String scheme : new String[] {"bearer", "BEARER", "beArEr"}) {
            http.get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, scheme + " " + key)
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void anUnknownPlatformIsOne400ListingTheValidOnesWhereverItIsNamed() {
        http.post().uri("/v1/accounts/connect/myspace").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("validation_failed")
                .jsonPath("$.error.message").value(message -> assertThat((String) message)
                        .contains(EVERY_PLATFORM).doesNotContain("myspace"));
        http.get().uri("/v1/accounts?platform=myspace").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("validation_failed")
                .jsonPath("$.error.message").value(message -> assertThat((String) message).contains(EVERY_PLATFORM));
    }

    @Test
    void platformNotEnabledNamesTheSettingsThatTurnItOn() {
        http.post().uri("/v1/accounts/connect/linkedin").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange()
                .expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("platform_not_enabled")
                .jsonPath("$.error.message").value(message -> assertThat((String) message)
                        .contains("MOORING_LINKEDIN_CLIENT_ID", "MOORING_LINKEDIN_CLIENT_SECRET"));
    }

    @Test
    void aSecondDeleteIs404WithoutAStackTraceInTheLog(CapturedOutput output) {
        AccountView account = accounts.connected(tenant.workspace(), Platform.X, "deleted-twice");
        http.delete().uri("/v1/accounts/" + account.id()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNoContent();
        int before = output.length();

        http.delete().uri("/v1/accounts/" + account.id()).header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");

        String logged = output.toString().substring(before);
        assertThat(logged).doesNotContain("\tat ", "Exception");
    }
}
