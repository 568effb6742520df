package dev.mooring.command.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RequestTokenRefresh;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.account.VerifyAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Instant;

/**
 * Keeps one account's credentials alive without anyone watching. Each fact about the credentials
 * replans the account's persistent deadlines: refresh when the platform's strategy says, warn
 * ({@code TokenExpiring}) ahead of an expiry nothing can prevent, revoke at expiry if it comes.
 * Transient failures retry with backoff; the refresher itself does the upstream work.
 * Collaborators arrive as handler parameters, so the saga holds only its plan. Deadlines carry the
 * account id as payload: Axon reads a deadline handler's first parameter as the payload.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class TokenLifecycleSaga {

    public static final String REFRESH_DUE = "token-refresh-due";
    public static final String WARNING_DUE = "token-expiry-warning-due";
    public static final String EXPIRY_DUE = "token-expiry-due";
    public static final String HEALTH_CHECK_DUE = "token-health-check-due";

    private static final String ASSOCIATION = "accountId";

    private AccountId accountId;
    private Platform platform;
    private Instant refreshAt;
    private Instant expiresAt;

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(AccountConnected event, @Timestamp Instant at, DeadlineManager deadlines, RefreshPolicy policy) {
        accountId = event.accountId();
        platform = event.platform();
        plan(event.credentials(), at, deadlines, policy);
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(TokenRefreshed event, @Timestamp Instant at, DeadlineManager deadlines, RefreshPolicy policy) {
        plan(event.credentials(), at, deadlines, policy);
    }

    /**
     * Retry later, unless the token dies first: then warn now and let the expiry deadline revoke.
     * A retry before the planned refresh would find nothing due (a client's forced refresh failed
     * early), so the planned refresh stays.
     */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(TokenRefreshFailed event, @Timestamp Instant at, DeadlineManager deadlines, RetryBackoff backoff,
            CommandGateway commands) {
        Instant retryAt = at.plus(backoff.after(event.consecutiveFailures()));
        if (expiresAt != null && !retryAt.isBefore(expiresAt)) {
            commands.sendAndWait(new MarkTokenExpiring(accountId));
            return;
        }
        if (refreshAt != null && retryAt.isBefore(refreshAt)) {
            return;
        }
        deadlines.cancelAllWithinScope(REFRESH_DUE);
        deadlines.schedule(retryAt, REFRESH_DUE, accountId);
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
    void refreshDue(AccountId account, CommandGateway commands) {
        commands.sendAndWait(new RequestTokenRefresh(accountId, null, false));
    }

    @DeadlineHandler(deadlineName = HEALTH_CHECK_DUE)
    void healthCheckDue(AccountId account, CommandGateway commands, DeadlineManager deadlines,
                        LifecycleProperties properties) {
        commands.sendAndWait(new VerifyAccount(accountId, null));
        deadlines.schedule(properties.healthCheckEvery(), HEALTH_CHECK_DUE, accountId);
    }

    @DeadlineHandler(deadlineName = WARNING_DUE)
    void warningDue(AccountId account, CommandGateway commands) {
        commands.sendAndWait(new MarkTokenExpiring(accountId));
    }

    @DeadlineHandler(deadlineName = EXPIRY_DUE)
    void expiryDue(AccountId account, CommandGateway commands) {
        commands.sendAndWait(new ExpireToken(accountId, expiresAt));
    }

    private void plan(Credentials credentials, Instant issuedAt, DeadlineManager deadlines, RefreshPolicy policy) {
        cancelAll(deadlines);
        RefreshPlan plan = policy.plan(platform, credentials, issuedAt);
        refreshAt = plan.refreshAt();
        expiresAt = plan.expireAt();
        if (plan.refreshAt() != null) {
            deadlines.schedule(plan.refreshAt(), plan.verifyOnly() ? HEALTH_CHECK_DUE : REFRESH_DUE, accountId);
        }
        if (plan.warnAt() != null) {
            deadlines.schedule(plan.warnAt(), WARNING_DUE, accountId);
        }
        if (plan.expireAt() != null) {
            deadlines.schedule(plan.expireAt(), EXPIRY_DUE, accountId);
        }
    }

    private static void cancelAll(DeadlineManager deadlines) {
        for (String name : new String[]{REFRESH_DUE, WARNING_DUE, EXPIRY_DUE, HEALTH_CHECK_DUE}) {
            deadlines.cancelAllWithinScope(name);
        }
    }
}
