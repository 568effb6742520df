package dev.mooring.command.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps one account's credentials alive without anyone watching. Each fact about the credentials
 * replans the account's persistent deadlines: refresh when the platform's strategy says, warn
 * ({@code TokenExpiring}) ahead of an end nothing can prevent, and let only credentials that nothing
 * can renew expire. A refreshable account is retried until the platform itself refuses its refresh
 * token; an outage, however long, never ends it.
 *
 * <p>Deadlines are kept and cancelled by their own ids, so an event costs the same however many
 * accounts there are. A due refresh first re-checks the plan (a margin changed across a restart
 * moves it), then schedules the next attempt and only then starts the upstream work outside this
 * deadline's transaction ({@link RefreshRequests}): if that work records nothing (a crash, a stop,
 * an operator fault), the next attempt is already set. Collaborators arrive as handler parameters,
 * so the saga holds only its plan; deadlines carry the account id as payload.
 *
 * <p>Saved state carries a revision (sagas saved before it have none). Axon has no upcasters for
 * saga state, so a new field must read sensibly at its default in older sagas, as
 * {@code deadlinesById} does.
 */
@FrontDoor
@Revision("1")
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class TokenLifecycleSaga {

    public static final String REFRESH_DUE = "token-refresh-due";
    public static final String WARNING_DUE = "token-expiry-warning-due";
    public static final String EXPIRY_DUE = "token-expiry-due";
    /** Scheduled by sagas saved before health checks became refresh deadlines; still handled. */
    public static final String HEALTH_CHECK_DUE = "token-health-check-due";

    private static final String ASSOCIATION = "accountId";

    private AccountId accountId;
    private Platform platform;
    private TokenTimes times;
    private String refreshDeadline;
    private String warningDeadline;
    private String expiryDeadline;
    /** Attempts started since the last recorded outcome, for the backoff of the next one. */
    private int unrecordedAttempts;
    /** False in sagas saved before deadlines were kept by id: their deadlines are found by scope once. */
    private boolean deadlinesById;

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(AccountConnected event, @Timestamp Instant at, DeadlineManager deadlines, RefreshPolicy policy) {
        accountId = event.accountId();
        platform = event.platform();
        deadlinesById = true; // a new saga has nothing scheduled yet
        replan(TokenTimes.of(event.credentials(), at), deadlines, policy);
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(TokenRefreshed event, @Timestamp Instant at, DeadlineManager deadlines, RefreshPolicy policy) {
        replan(TokenTimes.of(event.credentials(), at), deadlines, policy);
    }

    /**
     * Try again when the refresher decided (backoff, never before the platform's Retry-After), for as
     * long as the platform does not refuse the refresh token; warn once that token's own end comes
     * within reach of the retries.
     */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(TokenRefreshFailed event, @Timestamp Instant at, DeadlineManager deadlines, RetryBackoff backoff,
            RefreshPolicy policy, LifecycleProperties properties, CommandGateway commands) {
        unrecordedAttempts = 0;
        Instant retryAt = event.nextAttemptAt() != null ? event.nextAttemptAt()
                : at.plus(backoff.after(event.consecutiveFailures()));
        cancel(deadlines, REFRESH_DUE, refreshDeadline);
        refreshDeadline = deadlines.schedule(retryAt, REFRESH_DUE, accountId);
        Instant refreshEndsAt = times == null ? null : policy.plan(platform, times).refreshEndsAt();
        if (refreshEndsAt != null && !retryAt.isBefore(refreshEndsAt.minus(properties.warnAhead()))) {
            commands.sendAndWait(new MarkTokenExpiring(accountId, refreshEndsAt));
        }
    }

    /** Nothing to keep alive until the account is reconnected (which starts a new plan). */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(AccountRevoked event, DeadlineManager deadlines) {
        cancelAll(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(AccountDisconnected event, DeadlineManager deadlines) {
        cancelAll(deadlines);
    }

    @DeadlineHandler(deadlineName = REFRESH_DUE)
    void refreshDue(AccountId account, DeadlineManager deadlines, RefreshPolicy policy, RetryBackoff backoff,
                    LifecycleProperties properties, RefreshRequests refreshes, Clock clock) {
        refreshDeadline = null; // this one has fired
        Instant now = clock.instant();
        // a saga saved before it kept the token's times lets the refresher judge from the stored row
        RefreshPlan plan = times == null ? null : policy.plan(platform, times);
        if (plan != null && plan.refreshAt() == null) {
            return;
        }
        if (plan != null && plan.refreshAt().isAfter(now)) {
            // not due under today's settings (a margin lowered across a restart): the due one is set
            refreshDeadline = deadlines.schedule(plan.refreshAt(), REFRESH_DUE, accountId);
            return;
        }
        boolean verifyOnly = plan != null && plan.verifyOnly();
        unrecordedAttempts++;
        Duration next = verifyOnly ? properties.healthCheckEvery()
                : backoff.after(unrecordedAttempts).plus(properties.firstRetry());
        refreshDeadline = deadlines.schedule(now.plus(next), REFRESH_DUE, accountId);
        if (verifyOnly) {
            refreshes.verifyInBackground(accountId);
        } else {
            refreshes.refreshInBackground(accountId);
        }
    }

    @DeadlineHandler(deadlineName = HEALTH_CHECK_DUE)
    void healthCheckDue(AccountId account, DeadlineManager deadlines, RefreshPolicy policy, RetryBackoff backoff,
                        LifecycleProperties properties, RefreshRequests refreshes, Clock clock) {
        refreshDue(account, deadlines, policy, backoff, properties, refreshes, clock);
    }

    @DeadlineHandler(deadlineName = WARNING_DUE)
    void warningDue(AccountId account, CommandGateway commands, RefreshPolicy policy) {
        warningDeadline = null;
        commands.sendAndWait(new MarkTokenExpiring(accountId, times == null ? null : policy.plan(platform, times).warnOf()));
    }

    @DeadlineHandler(deadlineName = EXPIRY_DUE)
    void expiryDue(AccountId account, CommandGateway commands) {
        expiryDeadline = null;
        if (times != null) {
            commands.sendAndWait(new ExpireToken(accountId, times.expiresAt()));
        }
    }

    private void replan(TokenTimes newTimes, DeadlineManager deadlines, RefreshPolicy policy) {
        cancelAll(deadlines);
        times = newTimes;
        unrecordedAttempts = 0;
        RefreshPlan plan = policy.plan(platform, times);
        if (plan.refreshAt() != null) {
            refreshDeadline = deadlines.schedule(plan.refreshAt(), REFRESH_DUE, accountId);
        }
        if (plan.warnAt() != null) {
            warningDeadline = deadlines.schedule(plan.warnAt(), WARNING_DUE, accountId);
        }
        if (plan.expireAt() != null) {
            expiryDeadline = deadlines.schedule(plan.expireAt(), EXPIRY_DUE, accountId);
        }
    }

    private void cancelAll(DeadlineManager deadlines) {
        if (!deadlinesById) {
            for (String name : new String[]{REFRESH_DUE, WARNING_DUE, EXPIRY_DUE, HEALTH_CHECK_DUE}) {
                deadlines.cancelAllWithinScope(name);
            }
            deadlinesById = true;
        }
        cancel(deadlines, REFRESH_DUE, refreshDeadline);
        cancel(deadlines, WARNING_DUE, warningDeadline);
        cancel(deadlines, EXPIRY_DUE, expiryDeadline);
        refreshDeadline = null;
        warningDeadline = null;
        expiryDeadline = null;
    }

    private static void cancel(DeadlineManager deadlines, String name, String id) {
        if (id != null) {
            deadlines.cancelSchedule(name, id);
        }
    }
}
