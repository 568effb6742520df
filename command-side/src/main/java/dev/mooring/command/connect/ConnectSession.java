package dev.mooring.command.connect;

import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;

import java.net.URI;

/** A started OAuth connect, as its (single-use) state finds it again. */
record ConnectSession(
        WorkspaceId workspaceId,
        Platform platform,
        String codeVerifier,
        URI returnUrl,
        ConnectOptions options) {

    @Override
    public String toString() {
        return "ConnectSession[" + workspaceId + ", " + platform + ", verifier redacted]";
    }
}
