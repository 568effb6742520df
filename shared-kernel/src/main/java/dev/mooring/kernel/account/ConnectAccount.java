package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Connects an upstream identity, or reconnects it onto the account it already has. The id is
 * resolved from (workspace, platform, platform user id) before this command is sent; the profile
 * arrives sealed under the account's data key, like the credentials. {@code imported}: the
 * credentials come from another tool through an import, which never replaces a connected account.
 */
public record ConnectAccount(
        @TargetAggregateIdentifier AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        String platformUserId,
        EncryptedSecret sealedProfile,
        Credentials credentials,
        AccountExtensions extensions,
        boolean imported) {
}
