package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Map;

/** The calls Mooring makes to the server an account's session lives on. */
@Component
class PdsClient {

    private final Xrpc xrpc;

    PdsClient(Xrpc xrpc) {
        this.xrpc = xrpc;
    }

    /** Logs in; rate-limited upstream (30 per 5 minutes per identifier on the reference PDS). */
    Session createSession(URI server, String identifier, String password) {
        return Session.of(xrpc.procedure(server, "com.atproto.server.createSession",
                Map.of("identifier", identifier, "password", password), null));
    }

    /** A new access JWT and a new refresh JWT: the presented refresh JWT is used up. */
    Session refreshSession(URI server, String refreshJwt) {
        return Session.of(xrpc.procedure(server, "com.atproto.server.refreshSession", null, refreshJwt));
    }

    /** Ends the session the refresh JWT belongs to; the app password survives. */
    void deleteSession(URI server, String refreshJwt) {
        xrpc.procedure(server, "com.atproto.server.deleteSession", null, refreshJwt);
    }

    /** The cheapest call that proves the access JWT is still good. */
    void getSession(URI server, String accessJwt) {
        xrpc.query(server, "com.atproto.server.getSession", Map.of(), accessJwt);
    }

    /** The DID of the account whose access JWT this is, as the server says. */
    String sessionDid(URI server, String accessJwt) {
        return xrpc.query(server, "com.atproto.server.getSession", Map.of(), accessJwt).path("did").asText(null);
    }

    /** The public profile; the PDS proxies it to the Bluesky AppView. */
    JsonNode getProfile(URI server, String accessJwt, String did) {
        return xrpc.query(server, "app.bsky.actor.getProfile", Map.of("actor", did), accessJwt);
    }
}
