package dev.mooring.command.connect;

import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;

/** What a finished connect flow learned upstream: who the user is and what they authenticate with. */
public record NewConnection(
        WorkspaceId workspaceId,
        Platform platform,
        String platformUserId,
        AccountProfile profile,
        PlainCredentials credentials,
        AccountExtensions extensions) {
}
