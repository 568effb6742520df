package dev.mooring.command.platform.oauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamErrorTest {

    @Test
    void oauthErrorsKeepTheirDescription() {
        assertThat(UpstreamError.parse(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token expired\"}"))
                .isEqualTo(new UpstreamError("invalid_grant", "Refresh token expired"));
    }

    @Test
    void atprotoErrorsKeepTheirMessage() {
        assertThat(UpstreamError.parse(400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}").summary())
                .isEqualTo("ExpiredToken: Token has expired");
    }

    @Test
    void graphErrorsAreNamedByTypeCodeAndSubcode() {
        assertThat(UpstreamError.parse(400, """
                {"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":460}}"""))
                .isEqualTo(new UpstreamError("OAuthException 190/460", "Error validating access token"));
    }

    @Test
    void aBodyThatIsNotJsonIsNamedByItsStatus() {
        assertThat(UpstreamError.parse(502, "<html>Bad gateway</html>")).isEqualTo(new UpstreamError("http_502", null));
    }
}
