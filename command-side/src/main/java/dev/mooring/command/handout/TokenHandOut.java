package dev.mooring.command.handout;

import dev.mooring.command.account.AccountCredentials;
import dev.mooring.command.account.AccountCredentials.Current;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.command.vault.SecretUnreadable;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.RecordTokenAccess;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Hands a caller the account's current access token, for a platform SDK that must hold it. The
 * token is renewed first when it was due ({@link dev.mooring.command.lifecycle.AccountRefresher#renewIfDue}),
 * so this step makes no upstream call and holds no lock. The audit entry is written before the
 * token is returned: a hand-out the account's history does not show never happened.
 */
@FrontDoor
@Component
public class TokenHandOut {

    private final AccountCredentials credentials;
    private final CredentialsSealer sealer;
    private final CommandGateway commands;
    private final Clock clock;

    public TokenHandOut(AccountCredentials credentials, CredentialsSealer sealer, CommandGateway commands, Clock clock) {
        this.credentials = credentials;
        this.sealer = sealer;
        this.commands = commands;
        this.clock = clock;
    }

    /** The token, for the caller of {@code workspace} with the API key {@code keyId}. */
    public HandedOutToken handOut(AccountId id, WorkspaceId workspace, String keyId) {
        Current current = credentials.find(id)
                .filter(row -> row.workspaceId().equals(workspace))
                .orElseThrow(() -> new AccountCommandRefused(ErrorCode.NOT_FOUND, "account not found"));
        Instant now = clock.instant();
        Instant expiresAt = current.credentials().expiresAt();
        if (!current.revoked() && expiresAt != null && !now.isBefore(expiresAt)) {
            // renewing was due and did not happen (an outage, or the platform's own limits)
            throw new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE, "the account's access token expired and "
                    + current.platform().wireName() + " could not renew it now; try again shortly");
        }
        PlainCredentials plain = open(current);
        // the aggregate decides (a revoked account hands out nothing) and the history records it
        commands.sendAndWait(new RecordTokenAccess(id, workspace, keyId, now));
        return new HandedOutToken(plain.accessToken(), expiresAt, current.platform());
    }

    private PlainCredentials open(Current current) {
        try {
            return sealer.open(current.accountId(), current.credentials());
        } catch (SecretUnreadable unreadable) {
            throw new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE,
                    "the account's credentials cannot be opened with Mooring's current configuration");
        }
    }
}
