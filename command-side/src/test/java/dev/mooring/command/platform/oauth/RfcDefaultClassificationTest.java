package dev.mooring.command.platform.oauth;

import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.UpstreamStub.Answer;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox, and any platform without a dialect: RFC 6749 and the HTTP status alone decide. */
class RfcDefaultClassificationTest extends TokenEndpointClassificationContract {

    @Override
    protected Platform platform() {
        return Platform.SANDBOX;
    }

    @Override
    protected ErrorDialect dialect() {
        return ErrorDialect.HTTP_STATUS;
    }

    @Override
    protected ClientAuthentication clientAuthentication() {
        return ClientAuthentication.BASIC;
    }

    @Override
    protected Answer refreshTokenRefused() {
        return Answer.json(400, """
                {"error":"invalid_grant","error_description":"refresh token expired"}""");
    }

    @Override
    protected Answer clientRefused() {
        return Answer.json(401, """
                {"error":"invalid_client"}""");
    }

    @Test
    void invalidRequestIsNotADeadGrantWithoutADialectThatSaysSo() {
        // only X and LinkedIn document invalid_request as their refusal of a refresh token
        assertThat(refreshAnswered(Answer.json(400, """
                {"error":"invalid_request","error_description":"missing parameter"}""")).kind())
                .isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void invalidClientAt400IsTheOperatorsFault() {
        // RFC 6749 allows 400 for invalid_client when the client did not use the Authorization header
        assertThat(refreshAnswered(Answer.json(400, """
                {"error":"invalid_client"}""")).kind()).isEqualTo(Kind.CLIENT_REJECTED);
    }
}
