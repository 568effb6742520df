package dev.mooring.command.platform.pinterest;

import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.ErrorDialect;
import dev.mooring.command.platform.oauth.TokenEndpointClassificationContract;
import dev.mooring.command.platform.oauth.UpstreamStub.Answer;
import dev.mooring.kernel.Platform;

/** Pinterest's answers (platforms.md section 7): {@code {code, message}} bodies, Basic client auth. */
class PinterestClassificationTest extends TokenEndpointClassificationContract {

    @Override
    protected Platform platform() {
        return Platform.PINTEREST;
    }

    @Override
    protected ErrorDialect dialect() {
        return PinterestGrantErrors.DIALECT;
    }

    @Override
    protected ClientAuthentication clientAuthentication() {
        return ClientAuthentication.BASIC;
    }

    @Override
    protected Answer refreshTokenRefused() {
        return Answer.json(400, """
                {"code":283,"message":"The authorization grant is invalid"}""");
    }

    @Override
    protected Answer clientRefused() {
        return Answer.json(401, """
                {"code":2,"message":"Authentication failed."}""");
    }
}
