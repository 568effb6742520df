package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.axonframework.serialization.Revision;

/**
 * An upstream identity was connected; {@code reconnected} when it already had this account.
 *
 * @param sealedProfile the {@link AccountProfile} sealed under the account's data key (see
 *                      {@link ProfileSeal}), so deleting the account shreds the person with its
 *                      tokens; absent when the platform gave no profile. Revision 2: revision-1
 *                      events carried the profile in clear and are sealed in place at startup
 *                      (where they cannot be, the upcaster to revision 2 drops the clear profile).
 * @param imported      the credentials were handed over by the workspace ({@code POST /v1/accounts/import}),
 *                      moved from another tool, rather than granted to Mooring in a connect flow.
 *                      Revision 3: events of revision 2 and before read as not imported.
 */
@Revision("3")
public record AccountConnected(
        AccountId accountId,
        WorkspaceId workspaceId,
        Platform platform,
        String platformUserId,
        EncryptedSecret sealedProfile,
        Credentials credentials,
        AccountExtensions extensions,
        boolean reconnected,
        boolean imported) {
}
