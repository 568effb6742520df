package dev.mooring.command.platform.meta;

import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Graph error codes, as Facebook, Instagram and Threads answer them, read by code and not by status. */
class GraphErrorsTest {

    @ParameterizedTest
    @CsvSource({"190, OAuthException", "102, OAuthException"})
    void aDeadSessionRevokesStoredCredentialsAndRefusesAConnect(int code, String type) {
        String body = error(code, type);

        assertThat(GraphErrors.INSTANCE.classify(Phase.STORED, 400, body)).contains(Kind.AUTH_FAILED);
        assertThat(GraphErrors.INSTANCE.classify(Phase.CONNECT, 400, body)).contains(Kind.REJECTED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 17, 32, 341, 368, 613, 80001})
    void temporaryCodesAreUnavailableEvenAsHttp400(int code) {
        assertThat(GraphErrors.INSTANCE.classify(Phase.STORED, 400, error(code, "OAuthException"))).contains(Kind.UNAVAILABLE);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 200})
    void otherCodesRefuseTheRequestWithoutCondemningTheToken(int code) {
        assertThat(GraphErrors.INSTANCE.classify(Phase.STORED, 400, error(code, "GraphMethodException"))).contains(Kind.REJECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"error\":\"invalid_grant\"}"})
    void aBodyThatIsNoGraphErrorIsLeftToTheStatus(String body) {
        assertThat(GraphErrors.INSTANCE.classify(Phase.STORED, 400, body)).isEqualTo(Optional.empty());
    }

    private static String error(int code, String type) {
        return "{\"error\":{\"message\":\"m\",\"type\":\"" + type + "\",\"code\":" + code + ",\"fbtrace_id\":\"t\"}}";
    }
}
