package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;

import java.net.URI;
import java.util.List;

/**
 * Where and how one account's proxied calls go.
 *
 * @param base          the API's base: a path under it is the only place {@code /proxy/{path}} reaches
 * @param uploads       further origins reachable through {@code /proxy-url}
 * @param callerChosen  the base came from a document a user controls (a Bluesky DID document), so the
 *                      outbound policy applies to it; operator-configured bases are trusted
 */
@FrontDoor
public record ProxyTarget(Platform platform, URI base, UpstreamAuthorization authorization, UploadOrigins uploads,
                          boolean callerChosen) {

    /** A base the operator configured; {@code uploads} may be null (none). */
    public static ProxyTarget configured(Platform platform, URI base, UpstreamAuthorization authorization, List<URI> uploads) {
        return new ProxyTarget(platform, base, authorization, new UploadOrigins(uploads), false);
    }
}
