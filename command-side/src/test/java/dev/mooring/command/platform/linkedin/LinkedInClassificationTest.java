package dev.mooring.command.platform.linkedin;

import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.ErrorDialect;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.TokenEndpointClassificationContract;
import dev.mooring.command.platform.oauth.UpstreamStub.Answer;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** LinkedIn's answers (platforms.md section 3) through its own dialect; credentials in the form body. */
class LinkedInClassificationTest extends TokenEndpointClassificationContract {

    @Override
    protected Platform platform() {
        return Platform.LINKEDIN;
    }

    @Override
    protected ErrorDialect dialect() {
        return LinkedInGrantErrors.DIALECT;
    }

    @Override
    protected ClientAuthentication clientAuthentication() {
        return ClientAuthentication.FORM;
    }

    @Override
    protected Answer refreshTokenRefused() {
        return Answer.json(400, """
                {"error":"invalid_request","error_description":"The provided authorization grant or refresh token is invalid, expired or revoked."}""");
    }

    @Override
    protected Answer clientRefused() {
        return Answer.json(401, """
                {"error":"invalid_client","error_description":"Client authentication failed"}""");
    }

    @Test
    void aRevokedAccessTokenOnAnApiCallIsAuthFailed() {
        // 65601 REVOKED_ACCESS_TOKEN: the lifecycle then tries the refresh token before concluding anything
        upstream.answer(Answer.json(401, """
                {"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN","message":"The token used in the request has been revoked by the user"}"""));
        assertThat(failureOf(() -> client.getJson(upstream.url("/v2/userinfo"), CURRENT.accessToken(), OAuth2Client.Phase.STORED)).kind()).isEqualTo(Kind.AUTH_FAILED);
    }
}
