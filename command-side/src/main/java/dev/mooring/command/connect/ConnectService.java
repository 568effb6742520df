package dev.mooring.command.connect;

import dev.mooring.command.account.AccountIdGenerator;
import dev.mooring.command.account.AccountIdentities;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.DataKeys;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.account.ConnectAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The last step of every connect flow: find or claim the account for the identity, give it its data
 * key if it has none, seal its credentials, and send {@link ConnectAccount}, all in one transaction,
 * so a failure leaves neither a claimed identity, nor a data key, nor an event behind.
 */
@Service
public class ConnectService {

    private final AccountIdentities identities;
    private final AccountIdGenerator ids;
    private final DataKeys dataKeys;
    private final CredentialsSealer sealer;
    private final CommandGateway commandGateway;
    private final TransactionTemplate transaction;

    public ConnectService(AccountIdentities identities, AccountIdGenerator ids, DataKeys dataKeys,
                          CredentialsSealer sealer, CommandGateway commandGateway, TransactionTemplate transaction) {
        this.identities = identities;
        this.ids = ids;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.commandGateway = commandGateway;
        this.transaction = transaction;
    }

    public AccountId connect(NewConnection connection) {
        return transaction.execute(status -> {
            AccountId id = identities.claim(connection.workspaceId(), connection.platform(),
                    connection.platformUserId(), ids.next());
            dataKeys.createFor(id);
            commandGateway.sendAndWait(new ConnectAccount(id, connection.workspaceId(), connection.platform(),
                    connection.platformUserId(), connection.profile(), sealer.seal(id, connection.credentials()),
                    connection.extensions()));
            return id;
        });
    }
}
