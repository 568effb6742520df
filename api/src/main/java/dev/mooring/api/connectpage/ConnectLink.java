package dev.mooring.api.connectpage;

import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * A Connect page link as its token finds it: the workspace an account connects into, where the
 * browser goes at the end, and which platforms the posting tool offers (empty: every enabled one).
 */
record ConnectLink(WorkspaceId workspace, URI returnUrl, Set<Platform> platforms, String label, Instant expiresAt) {

    boolean offers(Platform platform) {
        return platforms.isEmpty() || platforms.contains(platform);
    }
}
