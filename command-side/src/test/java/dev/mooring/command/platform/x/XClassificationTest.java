package dev.mooring.command.platform.x;

import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.ErrorDialect;
import dev.mooring.command.platform.oauth.OAuth2Client;
import dev.mooring.command.platform.oauth.TokenEndpointClassificationContract;
import dev.mooring.command.platform.oauth.UpstreamStub.Answer;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** X's answers (platforms.md section 2) through its own dialect. */
class XClassificationTest extends TokenEndpointClassificationContract {

    @Override
    protected Platform platform() {
        return Platform.X;
    }

    @Override
    protected ErrorDialect dialect() {
        return XGrantErrors.DIALECT;
    }

    @Override
    protected ClientAuthentication clientAuthentication() {
        return ClientAuthentication.BASIC;
    }

    @Override
    protected Answer refreshTokenRefused() {
        return Answer.json(400, """
                {"error":"invalid_request","error_description":"Value passed for the token was invalid."}""");
    }

    @Override
    protected Answer clientRefused() {
        return Answer.json(401, """
                {"error":"unauthorized_client","error_description":"Missing valid authorization header"}""");
    }

    @Test
    void xsRateLimitIsAnOutageThatWaitsForItsWindow() {
        var failure = refreshAnswered(Answer.json(429, """
                {"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""")
                .withHeader("x-rate-limit-limit", "50")
                .withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", String.valueOf(NOW.plusSeconds(900).getEpochSecond())));
        assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failure.retryAfter()).hasSeconds(900);
    }

    @Test
    void invalidRequestOnAnApiCallIsNotARefreshRefusal() {
        // the dialect speaks only for the refresh grant: elsewhere a 400 is just a refused request
        upstream.answer(Answer.json(400, """
                {"error":"invalid_request"}"""));
        assertThat(failureOf(() -> client.getJson(upstream.url("/2/users/me"), CURRENT.accessToken(), OAuth2Client.Phase.STORED)).kind()).isEqualTo(Kind.REJECTED);
    }
}
