package dev.mooring.command.connect;

import dev.mooring.command.account.AccountCredentials;
import dev.mooring.command.account.AccountIdGenerator;
import dev.mooring.command.account.AccountIdentities;
import dev.mooring.command.lifecycle.UpstreamGrants;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.DataKeys;
import dev.mooring.command.vault.ProfileSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.account.ConnectAccount;
import dev.mooring.kernel.account.Credentials;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The last step of every connect flow, and of each imported account: find or claim the account for
 * the identity, give it its data key if it has none, seal its credentials and its profile, and send
 * {@link ConnectAccount}, all in one transaction, so a failure leaves neither a claimed identity, nor
 * a data key, nor an event behind.
 */
@Service
public class ConnectService {

    private final AccountIdentities identities;
    private final AccountIdGenerator ids;
    private final DataKeys dataKeys;
    private final CredentialsSealer sealer;
    private final ProfileSealer profiles;
    private final CommandGateway commandGateway;
    private final TransactionTemplate transaction;
    private final AccountCredentials credentials;
    private final UpstreamGrants grants;

    public ConnectService(AccountIdentities identities, AccountIdGenerator ids, DataKeys dataKeys,
                          CredentialsSealer sealer, ProfileSealer profiles, CommandGateway commandGateway, TransactionTemplate transaction,
                          AccountCredentials credentials, UpstreamGrants grants) {
        this.identities = identities;
        this.ids = ids;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.profiles = profiles;
        this.commandGateway = commandGateway;
        this.transaction = transaction;
        this.credentials = credentials;
        this.grants = grants;
    }

    /**
     * Connects, then lets go upstream of the grant this connect replaced (a reconnect), or of the one
     * it had just received when it failed: Mooring keeps no grant it does not hold.
     */
    public AccountId connect(NewConnection connection) {
        AtomicReference<Credentials> replaced = new AtomicReference<>();
        AccountId id;
        try {
            id = transaction.execute(status -> {
                AccountId claimed = identities.claim(connection.workspaceId(), connection.platform(),
                        connection.platformUserId(), ids.next());
                credentials.find(claimed).filter(current -> !current.revoked())
                        .ifPresent(current -> replaced.set(current.credentials()));
                send(claimed, connection, false);
                return claimed;
            });
        } catch (RuntimeException failed) {
            grants.revokeInBackground(connection.platform(), connection.credentials());
            throw failed;
        }
        if (replaced.get() != null) {
            grants.revokeInBackground(id, connection.platform(), replaced.get());
        }
        return id;
    }

    /**
     * Connects credentials another tool held, as {@link #connect} does but marked imported, and only
     * as a new account: an identity the workspace holds already is refused ({@code already_connected}),
     * decided by the same race-safe claim, and nothing is written. Nothing is revoked upstream on
     * failure either: the grant is the other tool's as much as ours.
     */
    public AccountId importAccount(NewConnection connection) {
        return transaction.execute(status -> {
            AccountId candidate = ids.next();
            AccountId claimed = identities.claim(connection.workspaceId(), connection.platform(),
                    connection.platformUserId(), candidate);
            if (!claimed.equals(candidate)) {
                throw new ConnectFailed(ErrorCode.ALREADY_CONNECTED, connection.platform(), "this "
                        + connection.platform().wireName() + " user is connected already as account " + claimed.value(), null, null);
            }
            send(claimed, connection, true);
            return claimed;
        });
    }

    private void send(AccountId account, NewConnection connection, boolean imported) {
        dataKeys.createFor(account);
        commandGateway.sendAndWait(new ConnectAccount(account, connection.workspaceId(), connection.platform(),
                connection.platformUserId(), profiles.seal(account, connection.profile()),
                sealer.seal(account, connection.credentials()), connection.extensions(), imported));
    }
}
