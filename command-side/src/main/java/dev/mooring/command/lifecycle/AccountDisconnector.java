package dev.mooring.command.lifecycle;

import dev.mooring.command.account.AccountCredentials.Current;
import dev.mooring.command.lifecycle.AccountLeases.Holder;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.DisconnectAccount;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * Disconnects an account: claims it like a refresh would (so a refresh under way finishes first and
 * its newest tokens are the ones let go of), revokes the grant upstream where the platform allows,
 * then records {@link DisconnectAccount} with how that went. The revocation is best effort: its
 * failure is written into the account's history, and the disconnect happens regardless.
 */
@FrontDoor
@Component
public class AccountDisconnector {

    private final AccountLeases leases;
    private final UpstreamGrants grants;
    private final CommandGateway commands;

    AccountDisconnector(AccountLeases leases, UpstreamGrants grants, CommandGateway commands) {
        this.leases = leases;
        this.grants = grants;
        this.commands = commands;
    }

    public void disconnect(AccountId id, WorkspaceId workspace) {
        String owner = UUID.randomUUID().toString();
        Optional<Current> claimed = leases.claim(id, workspace, owner, Holder.DISCONNECT);
        // no credentials row (another workspace's id, or one unknown): the aggregate gives the answer
        UpstreamRevocation revocation = claimed
                .map(current -> current.revoked() ? UpstreamRevocation.NOT_NEEDED
                        : grants.revoke(id, current.platform(), current.credentials()))
                .orElse(UpstreamRevocation.NOT_SUPPORTED);
        try {
            commands.sendAndWait(new DisconnectAccount(id, workspace, revocation));
        } finally {
            // gone with the row when the disconnect committed; given back when it did not
            claimed.ifPresent(current -> leases.release(id, owner));
        }
    }
}
