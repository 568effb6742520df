package dev.mooring.command.lifecycle;

import dev.mooring.command.account.AccountCredentials;
import dev.mooring.command.account.AccountCredentials.Current;
import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.CredentialsKeepers;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.TokenTooYoung;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RequestTokenRefresh;
import dev.mooring.kernel.account.VerifyAccount;
import org.axonframework.commandhandling.CommandHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Talks to the platform for an account and records what came of it. Each request runs in the
 * command's transaction and first locks the account's credentials row: one refresh per account at
 * a time across every instance, always from the newest refresh token, and the new tokens are
 * committed before anyone else can read the old ones.
 */
@Component
public class AccountRefresher {

    private static final Logger log = LoggerFactory.getLogger(AccountRefresher.class);

    private final AccountCredentials credentials;
    private final CredentialsKeepers keepers;
    private final CredentialsSealer sealer;
    private final RefreshPolicy policy;
    private final CommandGateway commands;
    private final Clock clock;
    private final MeterRegistry meters;

    public AccountRefresher(AccountCredentials credentials, CredentialsKeepers keepers, CredentialsSealer sealer,
                            RefreshPolicy policy, CommandGateway commands, Clock clock, MeterRegistry meters) {
        this.credentials = credentials;
        this.keepers = keepers;
        this.sealer = sealer;
        this.policy = policy;
        this.commands = commands;
        this.clock = clock;
        this.meters = meters;
    }

    @CommandHandler
    public RefreshOutcome handle(RequestTokenRefresh request) {
        Optional<Current> locked = lock(request.accountId(), request.workspaceId());
        if (locked.isEmpty()) {
            return RefreshOutcome.NOT_DUE;
        }
        Current current = locked.get();
        RefreshOutcome outcome = refresh(current, request.force());
        meters.counter("mooring.refresh", "platform", current.platform().wireName(),
                "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        return outcome;
    }

    private RefreshOutcome refresh(Current current, boolean force) {
        RefreshPlan plan = policy.plan(current.platform(), current.credentials(), current.issuedAt());
        Instant dueAt = plan.refreshAt();
        if (!force) {
            if (dueAt == null || clock.instant().isBefore(dueAt)) {
                return RefreshOutcome.NOT_DUE;
            }
            // how late the lifecycle's deadline fired (polling interval, load, downtime)
            meters.timer("mooring.deadline.lateness", "platform", current.platform().wireName())
                    .record(Duration.between(dueAt, clock.instant()));
        }
        CredentialsKeeper keeper = keeper(current);
        PlainCredentials plain = sealer.open(current.accountId(), current.credentials());
        Optional<PlainCredentials> renewed;
        try {
            // a token that never expires has nothing to refresh: refreshing it means checking it
            renewed = plan.verifyOnly() ? keeper.verify(plain) : Optional.of(keeper.refresh(plain, current.issuedAt()));
        } catch (TokenTooYoung young) {
            return RefreshOutcome.NOT_DUE;
        } catch (PlatformFailure failure) {
            return record(current.accountId(), failure);
        }
        return store(current.accountId(), renewed);
    }

    @CommandHandler
    public RefreshOutcome handle(VerifyAccount request) {
        Optional<Current> locked = lock(request.accountId(), request.workspaceId());
        if (locked.isEmpty()) {
            return RefreshOutcome.NOT_DUE;
        }
        Current current = locked.get();
        Optional<PlainCredentials> renewed;
        try {
            renewed = keeper(current).verify(sealer.open(current.accountId(), current.credentials()));
        } catch (PlatformFailure failure) {
            if (failure.kind() == PlatformFailure.Kind.AUTH_FAILED) {
                return record(current.accountId(), failure);
            }
            if (request.workspaceId() == null) {
                return RefreshOutcome.FAILED; // a health check during an outage: the next one will tell
            }
            throw failure; // an outage says nothing about the account: the caller hears it, nothing is recorded
        }
        return store(current.accountId(), renewed);
    }

    private RefreshOutcome store(AccountId id, Optional<PlainCredentials> renewed) {
        renewed.ifPresent(fresh -> commands.sendAndWait(RefreshToken.succeeded(id, sealer.seal(id, fresh))));
        return renewed.isPresent() ? RefreshOutcome.REFRESHED : RefreshOutcome.NOT_DUE;
    }

    /**
     * The locked row. A client (with a workspace) hears why there is nothing to do; the lifecycle
     * (no workspace) asking about an account revoked or disconnected meanwhile just gets nothing.
     */
    private Optional<Current> lock(AccountId id, WorkspaceId workspace) {
        Optional<Current> row = credentials.lockForRefresh(id)
                .filter(current -> workspace == null || current.workspaceId().equals(workspace));
        if (workspace == null) {
            return row.filter(current -> !current.revoked());
        }
        Current current = row.orElseThrow(() -> new AccountCommandRefused(ErrorCode.NOT_FOUND, "no account " + id));
        if (current.revoked()) {
            throw new AccountCommandRefused(ErrorCode.PLATFORM_AUTH_FAILED,
                    "account " + id + " is revoked and must be reconnected");
        }
        return Optional.of(current);
    }

    private CredentialsKeeper keeper(Current current) {
        return keepers.find(current.platform()).orElseThrow(() -> new AccountCommandRefused(ErrorCode.VALIDATION_FAILED,
                current.platform().wireName() + " has no connector to refresh with"));
    }

    private RefreshOutcome record(AccountId id, PlatformFailure failure) {
        log.info("refresh of {} on {} failed: {} ({})", id, failure.platform().wireName(), failure.kind(), failure.upstreamError());
        if (failure.kind() == PlatformFailure.Kind.AUTH_FAILED) {
            commands.sendAndWait(RefreshToken.failed(id, RefreshFailure.authFailure(failure.getMessage())));
            return RefreshOutcome.REVOKED;
        }
        commands.sendAndWait(RefreshToken.failed(id, RefreshFailure.transientFailure(failure.getMessage())));
        return RefreshOutcome.FAILED;
    }
}
