package dev.mooring.command.platform.bluesky;

import dev.mooring.command.platform.PlatformFailure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtClaimsTest {

    @Test
    void readsTheSubjectAndExpiryWithoutCheckingTheSignature() {
        String jwt = segment("{\"alg\":\"ES256K\"}") + "." + segment(
                "{\"scope\":\"com.atproto.appPass\",\"sub\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"exp\":1796205600}")
                + ".not-a-signature";

        assertThat(JwtClaims.of(jwt)).isEqualTo(
                new JwtClaims("did:plc:ewvi7nxzyoun6zhxrhs64oiz", Instant.parse("2026-12-02T10:00:00Z")));
    }

    @Test
    void aTokenWithoutExpiryHasNone() {
        assertThat(JwtClaims.of(segment("{}") + "." + segment("{\"sub\":\"did:web:example.com\"}") + ".sig").expiresAt())
                .isNull();
    }

    @Test
    void somethingThatIsNotAJwtIsRejectedWithoutQuotingIt() {
        String garbage = "canary-not-a-jwt-5e1f";

        assertThatThrownBy(() -> JwtClaims.of(garbage))
                .isInstanceOfSatisfying(PlatformFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(PlatformFailure.Kind.REJECTED);
                    assertThat(failure.getMessage()).doesNotContain(garbage);
                });
    }

    private static String segment(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
