package dev.mooring.command.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.account.ConnectAccount;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.DisconnectAccount;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RecordTokenAccess;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.kernel.account.TokenAccessed;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * One connected upstream identity. Command handlers decide which facts happened; event-sourcing
 * handlers only assign. Upstream calls, encryption, clocks and ids all happen before a command
 * arrives, so everything here is deterministic.
 *
 * <p>Snapshots carry the revision: when a field is added, removed or changes meaning, raise it, and
 * older snapshots are ignored (Axon's revision filter) so the account is rebuilt from its events
 * rather than restored with defaults.
 */
@Revision("1")
@Aggregate(snapshotTriggerDefinition = "platformAccountSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class PlatformAccount {

    @AggregateIdentifier
    private AccountId id;
    private WorkspaceId workspaceId;
    private Platform platform;
    private String platformUserId;
    private AccountStatus status;
    private Credentials credentials;
    private int consecutiveRefreshFailures;

    PlatformAccount() {
        // for Axon and snapshot deserialization
    }

    /**
     * Creates the account on first connect, or reconnects the identity it already holds. An import
     * only ever creates: credentials from another tool must not replace ones the user granted here.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConnectAccount command) {
        boolean reconnect = id != null;
        if (reconnect && !sameIdentity(command)) {
            throw new AccountCommandRefused(ErrorCode.VALIDATION_FAILED,
                    "account " + id + " belongs to another identity");
        }
        if (reconnect && command.imported()) {
            throw new AccountCommandRefused(ErrorCode.ALREADY_CONNECTED,
                    "this " + platform.wireName() + " user is connected already as account " + id);
        }
        apply(new AccountConnected(command.accountId(), command.workspaceId(), command.platform(),
                command.platformUserId(), command.sealedProfile(), command.credentials(), command.extensions(), reconnect,
                command.imported()));
    }

    /**
     * Records a refresh's outcome, unless the credentials it started from were replaced meanwhile (a
     * reconnect): then it is stale, nothing is recorded, and the answer is false.
     */
    @CommandHandler
    boolean handle(RefreshToken command) {
        if (status == AccountStatus.REVOKED) {
            throw new AccountCommandRefused(ErrorCode.PLATFORM_AUTH_FAILED,
                    "account " + id + " is revoked and must be reconnected");
        }
        if (command.basedOn() != null && !command.basedOn().equals(credentials.accessToken())) {
            return false;
        }
        if (command.credentials() != null) {
            apply(new TokenRefreshed(id, workspaceId, platform, command.credentials()));
        } else if (command.failure().permanent()) {
            apply(new AccountRevoked(id, workspaceId, platform, command.failure().code(), command.failure().reason()));
        } else {
            apply(new TokenRefreshFailed(id, workspaceId, platform, command.failure().code(),
                    command.failure().reason(), consecutiveRefreshFailures + 1, command.failure().nextAttemptAt()));
        }
        return true;
    }

    @CommandHandler
    void handle(MarkTokenExpiring command) {
        Instant endsAt = command.endsAt() != null ? command.endsAt() : credentials.expiresAt();
        if (status != AccountStatus.ACTIVE || endsAt == null) {
            return; // already warned, already dead, or nothing that ends
        }
        apply(new TokenExpiring(id, workspaceId, platform, endsAt));
    }

    @CommandHandler
    void handle(RevokeAccount command) {
        if (status == AccountStatus.REVOKED) {
            return;
        }
        apply(new AccountRevoked(id, workspaceId, platform, command.code(), command.reason()));
    }

    @CommandHandler
    void handle(ExpireToken command) {
        if (status == AccountStatus.REVOKED || credentials.expiresAt() == null
                || !credentials.expiresAt().equals(command.expiresAt())) {
            return; // already dead, or renewed since the deadline was set
        }
        if (credentials.refreshToken() != null || credentials.appPassword() != null) {
            return; // an access token's expiry is no death while it can be renewed: only the platform's word revokes
        }
        apply(new AccountRevoked(id, workspaceId, platform, ErrorCode.PLATFORM_AUTH_FAILED,
                "the " + platform.wireName() + " token expired at " + command.expiresAt() + " and was not renewed"));
    }

    @CommandHandler
    void handle(DisconnectAccount command) {
        if (!workspaceId.equals(command.workspaceId())) {
            // another tenant learns nothing, not even that the id exists
            throw new AccountCommandRefused(ErrorCode.NOT_FOUND, "no account " + id);
        }
        apply(new AccountDisconnected(id, workspaceId, platform, platformUserId, command.upstreamRevocation()));
    }

    /** A token is handed out only of a live account of the caller's workspace, and never without this entry. */
    @CommandHandler
    void handle(RecordTokenAccess command) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw new AccountCommandRefused(ErrorCode.NOT_FOUND, "no account " + id);
        }
        if (status == AccountStatus.REVOKED) {
            throw new AccountCommandRefused(ErrorCode.PLATFORM_AUTH_FAILED,
                    "account " + id + " is revoked and must be reconnected");
        }
        apply(new TokenAccessed(id, workspaceId, platform, command.keyId(), command.accessedAt()));
    }

    private boolean sameIdentity(ConnectAccount command) {
        return workspaceId.equals(command.workspaceId())
                && platform == command.platform()
                && platformUserId.equals(command.platformUserId());
    }

    @EventSourcingHandler
    void on(AccountConnected event) {
        id = event.accountId();
        workspaceId = event.workspaceId();
        platform = event.platform();
        platformUserId = event.platformUserId();
        credentials = event.credentials();
        status = AccountStatus.ACTIVE;
        consecutiveRefreshFailures = 0;
    }

    @EventSourcingHandler
    void on(TokenRefreshed event) {
        credentials = event.credentials();
        status = AccountStatus.ACTIVE;
        consecutiveRefreshFailures = 0;
    }

    @EventSourcingHandler
    void on(TokenRefreshFailed event) {
        consecutiveRefreshFailures = event.consecutiveFailures();
    }

    @EventSourcingHandler
    void on(TokenExpiring event) {
        status = AccountStatus.EXPIRING;
    }

    @EventSourcingHandler
    void on(AccountRevoked event) {
        status = AccountStatus.REVOKED;
    }

    @EventSourcingHandler
    void on(AccountDisconnected event) {
        markDeleted();
    }

    @Override
    public String toString() {
        return "PlatformAccount[" + id + ", " + platform + ", " + status + "]";
    }
}
