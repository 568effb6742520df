package dev.mooring.command.proxy;

import dev.mooring.command.account.AccountCredentials;
import dev.mooring.command.account.AccountCredentials.Current;
import dev.mooring.command.platform.ApiAccesses;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.SecretUnreadable;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import org.springframework.stereotype.Component;

/**
 * Where a proxied call of one account goes, with the credentials the account holds now: one short
 * read of its row and the vault, done before the upstream call starts, so nothing of the database
 * is held while the platform answers. An expired token is used as it is; the platform says so.
 */
@FrontDoor
@Component
public class ProxyAccounts {

    private final AccountCredentials credentials;
    private final CredentialsSealer sealer;
    private final ApiAccesses accesses;

    public ProxyAccounts(AccountCredentials credentials, CredentialsSealer sealer, ApiAccesses accesses) {
        this.credentials = credentials;
        this.sealer = sealer;
        this.accesses = accesses;
    }

    /** The account's target, for a caller of {@code workspace}: unknown, foreign and disconnected accounts are all not found. */
    public ProxyTarget target(AccountId id, WorkspaceId workspace) {
        Current current = credentials.find(id)
                .filter(row -> row.workspaceId().equals(workspace))
                .orElseThrow(() -> new AccountCommandRefused(ErrorCode.NOT_FOUND, "account not found"));
        if (current.revoked()) {
            // as the token hand-out answers it: the state that needs a reconnect
            throw new AccountCommandRefused(ErrorCode.PLATFORM_AUTH_FAILED, "the account was revoked: "
                    + current.platform().wireName() + " no longer accepts its credentials; reconnect it to call its API again");
        }
        try {
            return accesses.find(current.platform())
                    .orElseThrow(() -> new IllegalStateException("no API access for " + current.platform().wireName()))
                    .target(sealer.open(id, current.credentials()));
        } catch (SecretUnreadable unreadable) {
            throw new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE,
                    "the account's credentials cannot be opened with Mooring's current configuration");
        }
    }
}
