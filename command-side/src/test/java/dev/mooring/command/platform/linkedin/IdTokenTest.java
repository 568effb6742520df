package dev.mooring.command.platform.linkedin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class IdTokenTest {

    private static final String CLIENT = "linkedin-client";

    @Test
    void theMemberIsReadFromThePayload() {
        String token = jwt("{\"iss\":\"https://www.linkedin.com/oauth\",\"aud\":\"linkedin-client\",\"sub\":\"782bbtaQ\","
                + "\"name\":\"Lise Meitner\",\"picture\":\"https://media.licdn.com/l.jpg\",\"email\":\"l@example.org\"}");

        assertThat(IdToken.read(token, CLIENT)).contains(new IdToken("782bbtaQ", "Lise Meitner", "https://media.licdn.com/l.jpg"));
    }

    @Test
    void anAudienceListNamingThisClientWillDo() {
        assertThat(IdToken.read(jwt("{\"aud\":[\"other\",\"linkedin-client\"],\"sub\":\"s\"}"), CLIENT))
                .contains(new IdToken("s", null, null));
    }

    @Test
    void aTokenForAnotherClientWithoutASubOrNotAJwtIsNotUsed() {
        assertThat(IdToken.read(jwt("{\"aud\":\"other\",\"sub\":\"s\"}"), CLIENT)).isEmpty();
        assertThat(IdToken.read(jwt("{\"aud\":\"linkedin-client\"}"), CLIENT)).isEmpty();
        assertThat(IdToken.read(jwt("{\"sub\":\"s\"}"), CLIENT)).as("no aud at all").isEmpty();
        assertThat(IdToken.read("not-a-jwt", CLIENT)).isEmpty();
        assertThat(IdToken.read("a.!!!.c", CLIENT)).isEmpty();
        assertThat(IdToken.read(null, CLIENT)).isEmpty();
    }

    private static String jwt(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
