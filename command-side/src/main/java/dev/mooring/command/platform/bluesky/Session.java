package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;

import java.net.URI;

/** What {@code createSession} and {@code refreshSession} answer; its {@code toString} shows no token. */
record Session(String did, String handle, String accessJwt, String refreshJwt) {

    static Session of(JsonNode body) {
        Session session = new Session(body.path("did").asText(null), body.path("handle").asText(null),
                body.path("accessJwt").asText(null), body.path("refreshJwt").asText(null));
        if (session.did == null || session.accessJwt == null || session.refreshJwt == null) {
            throw PlatformFailure.rejected(Platform.BLUESKY, "incomplete_session",
                    "bluesky answered a session without a DID, access token or refresh token");
        }
        return session;
    }

    /**
     * The credentials to keep: both JWTs with their own {@code exp}, the app password that can
     * create the next session, and the server that issued this one, which takes it back.
     */
    PlainCredentials credentials(String appPassword, URI server) {
        return new PlainCredentials(accessJwt, refreshJwt, appPassword,
                JwtClaims.of(accessJwt).expiresAt(), JwtClaims.of(refreshJwt).expiresAt(), server);
    }

    @Override
    public String toString() {
        return "Session[did=" + did + ", handle=" + handle + ", tokens redacted]";
    }
}
