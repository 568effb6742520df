package dev.mooring.command.lifecycle;

import dev.mooring.command.account.AccountCredentials.Current;
import dev.mooring.command.lifecycle.AccountLeases.Holder;
import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.CredentialsKeepers;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.TokenTooYoung;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.command.vault.SecretUnreadable;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Talks to the platform for an account and records what came of it, in three steps that never
 * overlap: claim the account with a short lease (one statement), call the platform with no
 * transaction, lock or connection held, then record the outcome as a command in its own short
 * transaction. The lease ({@link AccountLeases}) makes it one exchange per account at a time across
 * every instance, always from the newest refresh token.
 *
 * <p>The work runs on this component's own workers, never on a caller's thread: a client that hangs
 * up cannot interrupt a refresh between the platform rotating a token and Mooring storing it, and a
 * graceful stop lets every started refresh finish before the command bus goes.
 */
@FrontDoor
@Component
public class AccountRefresher implements RefreshRequests, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccountRefresher.class);

    /** New tokens are retried into the store this often before they are given up: the platform already rotated. */
    private static final int STORE_ATTEMPTS = 5;
    /**
     * Stops after the web server (phases MAX - 1024 and MAX - 2048) has drained its requests, and
     * before Axon's configuration (MAX - 3072) takes the command bus away.
     */
    static final int PHASE = Integer.MAX_VALUE - 2560;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final AccountLeases leases;
    private final CredentialsKeepers keepers;
    private final CredentialsSealer sealer;
    private final RefreshPolicy policy;
    private final RetryBackoff backoff;
    private final CommandGateway commands;
    private final OperatorFaults faults;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor workers;
    private volatile boolean running;

    AccountRefresher(AccountLeases leases, CredentialsKeepers keepers, CredentialsSealer sealer,
                            RefreshPolicy policy, RetryBackoff backoff, CommandGateway commands, OperatorFaults faults,
                            LifecycleProperties properties, Clock clock, MeterRegistry meters) {
        this.leases = leases;
        this.keepers = keepers;
        this.sealer = sealer;
        this.policy = policy;
        this.backoff = backoff;
        this.commands = commands;
        this.faults = faults;
        this.clock = clock;
        this.meters = meters;
        AtomicInteger serial = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(properties.refreshWorkers(), properties.refreshWorkers(), 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), work -> new Thread(work, "refresh-worker-" + serial.incrementAndGet()));
        Gauge.builder("mooring.lifecycle.backlog", workers, pool -> pool.getQueue().size())
                .description("upstream refreshes and checks waiting for a worker").register(meters);
    }

    /** Refreshes the account's tokens now, for a client of {@code workspace} (or the lifecycle when null). */
    public CompletableFuture<RefreshOutcome> refresh(AccountId id, WorkspaceId workspace, boolean force) {
        return submit(() -> exchange(id, workspace, current -> refresh(current, force)));
    }

    /** Checks the account against its platform now, renewing where the platform says the token is no longer good. */
    public CompletableFuture<RefreshOutcome> verify(AccountId id, WorkspaceId workspace) {
        return submit(() -> exchange(id, workspace, current -> verify(current, workspace != null)));
    }

    /**
     * Renews the account's access token if it is inside its refresh margin, for a client about to be
     * handed it. Decided again on the claimed row, so clients arriving together cause one refresh;
     * a token that is not due costs no claim.
     */
    public CompletableFuture<RefreshOutcome> renewIfDue(AccountId id, WorkspaceId workspace) {
        return submit(() -> {
            Optional<Current> row = leases.peek(id);
            if (row.isPresent() && !accessTokenDue(row.get())) {
                return RefreshOutcome.NOT_DUE;
            }
            return exchange(id, workspace, current -> accessTokenDue(current) ? refresh(current, true) : RefreshOutcome.NOT_DUE);
        });
    }

    /**
     * Renews the access token a platform just refused as expired ({@code refused}: the sealed token
     * that was used), for a client about to call it again. Decided again on the claimed row: when the
     * account holds another token by then, someone else has renewed it (here or on another instance)
     * and nothing is exchanged, so clients meeting the same expiry together cause one refresh.
     */
    public CompletableFuture<RefreshOutcome> renewRefused(AccountId id, WorkspaceId workspace, EncryptedSecret refused) {
        return submit(() -> {
            Optional<Current> row = leases.peek(id);
            if (row.isPresent() && !row.get().revoked() && !refused.equals(row.get().credentials().accessToken())) {
                return RefreshOutcome.NOT_DUE;
            }
            return exchange(id, workspace, current -> refused.equals(current.credentials().accessToken())
                    ? refresh(current, true) : RefreshOutcome.NOT_DUE);
        });
    }

    private boolean accessTokenDue(Current current) {
        return policy.accessTokenDue(current.platform(), TokenTimes.of(current.credentials(), current.issuedAt()), clock.instant());
    }

    @Override
    public void refreshInBackground(AccountId account) {
        refresh(account, null, false).exceptionally(failure -> logged(account, failure));
    }

    @Override
    public void verifyInBackground(AccountId account) {
        verify(account, null).exceptionally(failure -> logged(account, failure));
    }

    private RefreshOutcome logged(AccountId account, Throwable failure) {
        // the lifecycle's next deadline is already scheduled; this attempt just did not happen
        log.warn("lifecycle work for {} did not run: {}", account, failure.toString());
        return RefreshOutcome.NOT_DUE;
    }

    private CompletableFuture<RefreshOutcome> submit(Supplier<RefreshOutcome> work) {
        try {
            return CompletableFuture.supplyAsync(work, workers);
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.failedFuture(new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE,
                    "Mooring is stopping; try again in a moment"));
        }
    }

    /** Claim, work, give the claim back. */
    private RefreshOutcome exchange(AccountId id, WorkspaceId workspace, Function<Current, RefreshOutcome> work) {
        String owner = UUID.randomUUID().toString();
        Optional<Current> claimed = leases.claim(id, workspace, owner, workspace == null ? Holder.LIFECYCLE : Holder.CLIENT);
        if (claimed.isEmpty()) {
            return RefreshOutcome.NOT_DUE;
        }
        try {
            RefreshOutcome outcome = work.apply(claimed.get());
            meters.counter("mooring.refresh", "platform", claimed.get().platform().wireName(),
                    "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
            return outcome;
        } finally {
            leases.release(id, owner);
        }
    }

    private RefreshOutcome refresh(Current current, boolean force) {
        Instant now = clock.instant();
        RefreshPlan plan = policy.plan(current.platform(), current.credentials(), current.issuedAt());
        if (plan.refreshAt() == null && !plan.verifyOnly()) {
            if (!force) {
                return RefreshOutcome.NOT_DUE;
            }
            throw new AccountCommandRefused(ErrorCode.PLATFORM_REJECTED, current.platform().wireName()
                    + " gave this account nothing to renew its token with: connect it again before it expires");
        }
        if (!force) {
            if (now.isBefore(plan.refreshAt())) {
                return RefreshOutcome.NOT_DUE;
            }
            // how late the lifecycle's deadline fired (polling interval, load, downtime)
            meters.timer("mooring.deadline.lateness", "platform", current.platform().wireName())
                    .record(Duration.between(plan.refreshAt(), now));
        }
        CredentialsKeeper keeper = keeper(current);
        Optional<PlainCredentials> plain = open(current);
        if (plain.isEmpty()) {
            return RefreshOutcome.OPERATOR_FAULT;
        }
        Optional<PlainCredentials> renewed;
        try {
            // a token that never expires has nothing to refresh: refreshing it means checking it
            renewed = plan.verifyOnly() ? keeper.verify(plain.get())
                    : Optional.of(keeper.refresh(plain.get(), current.issuedAt()));
        } catch (TokenTooYoung young) {
            return RefreshOutcome.NOT_DUE;
        } catch (PlatformFailure failure) {
            return record(current, failure, plan);
        }
        faults.clientAccepted(current.platform());
        return store(current, renewed);
    }

    private RefreshOutcome verify(Current current, boolean client) {
        Optional<PlainCredentials> plain = open(current);
        if (plain.isEmpty()) {
            return RefreshOutcome.OPERATOR_FAULT;
        }
        Optional<PlainCredentials> renewed;
        try {
            renewed = keeper(current).verify(plain.get());
        } catch (PlatformFailure failure) {
            if (failure.kind() == Kind.AUTH_FAILED || failure.kind() == Kind.CLIENT_REJECTED) {
                return record(current, failure, null);
            }
            if (!client) {
                return RefreshOutcome.FAILED; // a health check during an outage: the next one will tell
            }
            throw failure; // an outage says nothing about the account: the caller hears it, nothing is recorded
        }
        faults.clientAccepted(current.platform());
        return store(current, renewed);
    }

    /** The credentials in clear; a secret the vault cannot open is the operator's fault, never the account's. */
    private Optional<PlainCredentials> open(Current current) {
        try {
            PlainCredentials plain = sealer.open(current.accountId(), current.credentials());
            faults.secretRead(current.accountId());
            return Optional.of(plain);
        } catch (SecretUnreadable unreadable) {
            faults.secretUnreadable(current.accountId(), unreadable);
            return Optional.empty();
        }
    }

    private RefreshOutcome store(Current current, Optional<PlainCredentials> renewed) {
        if (renewed.isEmpty()) {
            return RefreshOutcome.NOT_DUE;
        }
        Credentials sealed = sealer.seal(current.accountId(), renewed.get());
        RefreshToken command = RefreshToken.succeeded(current.accountId(), sealed, current.credentials().accessToken());
        for (int attempt = 1; ; attempt++) {
            try {
                return recorded(command) ? RefreshOutcome.REFRESHED : RefreshOutcome.NOT_DUE;
            } catch (AccountCommandRefused refused) {
                throw refused;
            } catch (RuntimeException e) {
                // the platform has already rotated: losing these tokens would cost the account
                if (attempt == STORE_ATTEMPTS) {
                    log.error("new tokens of {} could not be stored after {} attempts: {}", current.accountId(), attempt, e.toString());
                    throw e;
                }
                log.warn("storing new tokens of {} failed, trying again: {}", current.accountId(), e.toString());
                pause(Duration.ofSeconds(attempt));
            }
        }
    }

    /**
     * What a failure comes to. Only the platform's word that this account's grant is dead revokes;
     * a refusal of Mooring's own client credentials touches no account; anything else is recorded as
     * a failure that may pass, with the next attempt no sooner than the platform asked.
     */
    private RefreshOutcome record(Current current, PlatformFailure failure, RefreshPlan plan) {
        AccountId id = current.accountId();
        log.info("exchange for {} with {} failed: {} ({})", id, failure.platform().wireName(), failure.kind(), failure.upstreamError());
        if (failure.kind() == Kind.CLIENT_REJECTED) {
            faults.clientRejected(failure);
            return RefreshOutcome.OPERATOR_FAULT;
        }
        faults.clientAccepted(current.platform());
        // recorded only while the credentials it started from are still the account's
        EncryptedSecret basis = current.credentials().accessToken();
        if (failure.kind() == Kind.AUTH_FAILED) {
            return recorded(RefreshToken.failed(id, RefreshFailure.authFailure(failure.getMessage()), basis))
                    ? RefreshOutcome.REVOKED : RefreshOutcome.NOT_DUE;
        }
        Instant nextAttemptAt = nextAttempt(current, failure, plan);
        return recorded(RefreshToken.failed(id, RefreshFailure.transientFailure(failure.getMessage(), nextAttemptAt), basis))
                ? RefreshOutcome.FAILED : RefreshOutcome.NOT_DUE;
    }

    /** The backoff for one more failure in a row, never before the platform's Retry-After nor before a planned refresh. */
    private Instant nextAttempt(Current current, PlatformFailure failure, RefreshPlan plan) {
        Instant now = clock.instant();
        Duration wait = backoff.after(current.refreshFailures() + 1);
        if (failure.retryAfter() != null && failure.retryAfter().compareTo(wait) > 0) {
            wait = failure.retryAfter();
        }
        Instant next = now.plus(wait);
        // a client's forced refresh that failed early leaves the planned refresh where it was
        return plan != null && plan.refreshAt() != null && plan.refreshAt().isAfter(next) ? plan.refreshAt() : next;
    }

    private boolean recorded(RefreshToken command) {
        Object answer = commands.sendAndWait(command);
        return !Boolean.FALSE.equals(answer);
    }

    private CredentialsKeeper keeper(Current current) {
        return keepers.find(current.platform()).orElseThrow(() -> new AccountCommandRefused(ErrorCode.VALIDATION_FAILED,
                current.platform().wireName() + " has no connector to refresh with"));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE, "interrupted while waiting");
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Lets every started exchange finish (and record its outcome) before the command bus stops. */
    @Override
    public void stop() {
        running = false;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("refreshes still under way after {}; stopping anyway", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
