package dev.mooring.command.lifecycle;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RequestTokenRefresh;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.account.VerifyAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.mooring.command.lifecycle.TokenLifecycleSaga.EXPIRY_DUE;
import static dev.mooring.command.lifecycle.TokenLifecycleSaga.HEALTH_CHECK_DUE;
import static dev.mooring.command.lifecycle.TokenLifecycleSaga.REFRESH_DUE;
import static dev.mooring.command.lifecycle.TokenLifecycleSaga.WARNING_DUE;

class TokenLifecycleSagaTest {

    private static final AccountId ACCOUNT = new AccountId("acc_01JTEST0000000000000000001");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_01JTEST");
    private static final AccountProfile PROFILE = new AccountProfile("Ada Lovelace", "ada", null);

    /** When every test starts; every event is stamped with the fixture's current time. */
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant FAR = T0.plus(Duration.ofDays(400));

    private static final Duration SANDBOX_MARGIN = Duration.ofSeconds(90);
    private static final Duration HEALTH_CHECK_EVERY = Duration.ofHours(6);
    /** With the random draw fixed at 0.5 the n-th retry waits exactly 15 s · 2^(n-1), capped at 30 min. */
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);

    private static final Instant X_EXPIRY = T0.plus(Duration.ofHours(2));
    private static final Instant X_REFRESH = X_EXPIRY.minus(Duration.ofMinutes(5));

    /*
     * The fixture keeps the deadlines triggered while time passed in the given phase, so tests that let
     * time pass before the "when" assert what the deadline did (the dispatched commands), not which fired.
     */
    private SagaTestFixture<TokenLifecycleSaga> fixture;

    @BeforeEach
    void setUp() {
        LifecycleProperties properties = new LifecycleProperties(Map.of(Platform.SANDBOX, SANDBOX_MARGIN),
                Duration.ofDays(7), Duration.ofHours(24), HEALTH_CHECK_EVERY, Duration.ofSeconds(30), Duration.ofHours(1));
        fixture = new SagaTestFixture<>(TokenLifecycleSaga.class);
        fixture.registerResource(properties);
        fixture.registerResource(new RefreshPolicy(properties));
        fixture.registerResource(new RetryBackoff(properties, () -> 0.5));
        fixture.registerCommandGateway(CommandGateway.class);
    }

    // --- planning at connect ----------------------------------------------------------------------

    @Test
    void connectingAnXAccountSchedulesTheRefreshFiveMinutesBeforeExpiryAndTheExpiryAtExpiry() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.X, refreshable(X_EXPIRY)))
                .expectActiveSagas(1)
                .expectAssociationWith("accountId", ACCOUNT)
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectScheduledDeadline(X_REFRESH, ACCOUNT)
                .expectScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE)
                .expectScheduledDeadline(X_EXPIRY, ACCOUNT)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, HEALTH_CHECK_DUE)
                .expectNoDispatchedCommands();
    }

    @Test
    void connectingAPinterestAccountSchedulesTheRefreshADayBeforeExpiry() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(30));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.PINTEREST, refreshable(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofHours(24)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE);
    }

    @Test
    void connectingASandboxAccountRefreshesByItsConfiguredMargin() throws Exception {
        Instant expiry = T0.plus(Duration.ofMinutes(5));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.SANDBOX, refreshable(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(SANDBOX_MARGIN), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(expiry.minus(Duration.ofMinutes(1)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE);
    }

    @Test
    void connectingAnInstagramAccountRefreshesWellBeforeItsSixtyDays() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.INSTAGRAM, accessOnly(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofDays(20)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE);
    }

    @Test
    void instagramNeverRefreshesATokenYoungerThanADay() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(2));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.INSTAGRAM, accessOnly(expiry)))
                .expectScheduledDeadlineWithName(T0.plus(Duration.ofHours(24)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, T0.plus(Duration.ofHours(24)).minusMillis(1), REFRESH_DUE);
    }

    @Test
    void threadsNeverRefreshesATokenYoungerThanADay() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(10));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.THREADS, accessOnly(expiry)))
                .expectScheduledDeadlineWithName(T0.plus(Duration.ofHours(24)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE);
    }

    @Test
    void threadsTokenRefreshedIsAgainNotRefreshedBeforeItIsADayOld() throws Exception {
        Instant refreshedAt = T0.plus(Duration.ofDays(5));
        Instant newExpiry = refreshedAt.plus(Duration.ofDays(10));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.THREADS, accessOnly(T0.plus(Duration.ofDays(10)))))
                .andThenTimeAdvancesTo(refreshedAt)
                .whenPublishingA(refreshed(Platform.THREADS, accessOnly(newExpiry)))
                .expectScheduledDeadlineWithName(refreshedAt.plus(Duration.ofHours(24)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(newExpiry, EXPIRY_DUE);
    }

    // --- the refresh deadline ------------------------------------------------------------------------

    @Test
    void nothingIsDispatchedBeforeTheRefreshIsDue() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenTimeAdvancesTo(X_REFRESH.minusSeconds(1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE);
    }

    @Test
    void theRefreshDeadlineAsksForALifecycleRefresh() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenTimeAdvancesTo(X_REFRESH)
                .expectTriggeredDeadlinesWithName(REFRESH_DUE)
                .expectDispatchedCommands(new RequestTokenRefresh(ACCOUNT, null, false))
                .expectScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE);
    }

    @Test
    void aRefreshedTokenIsPlannedFromItsNewExpiryAndTheOldDeadlinesAreCancelled() throws Exception {
        Instant newExpiry = X_REFRESH.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenPublishingA(refreshed(Platform.X, refreshable(newExpiry)))
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(newExpiry, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE)
                .expectNoDispatchedCommands();
    }

    @Test
    void aRefreshedTokenIsNotRevokedAtTheOldExpiry() throws Exception {
        Instant newExpiry = X_REFRESH.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .andThenAPublished(refreshed(Platform.X, refreshable(newExpiry)))
                .whenTimeAdvancesTo(X_EXPIRY.plusSeconds(1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE);
    }

    @Test
    void anEarlyRefreshMovesThePlannedRefreshLater() throws Exception {
        Instant refreshedAt = T0.plus(Duration.ofMinutes(30));
        Instant newExpiry = refreshedAt.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(refreshedAt)
                .whenPublishingA(refreshed(Platform.X, refreshable(newExpiry)))
                .expectNoScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE);
    }

    // --- transient failures -------------------------------------------------------------------------

    @Test
    void aTransientFailureRetriesAfterTheBackoff() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenPublishingA(failed(Platform.X, 1))
                .expectScheduledDeadlineWithName(X_REFRESH.plus(FIRST_BACKOFF), REFRESH_DUE)
                .expectScheduledDeadline(X_REFRESH.plus(FIRST_BACKOFF), ACCOUNT)
                .expectScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE)
                .expectNoDispatchedCommands();
    }

    @Test
    void consecutiveFailuresBackOffExponentially() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenPublishingA(failed(Platform.X, 3))
                .expectScheduledDeadlineWithName(X_REFRESH.plus(FIRST_BACKOFF.multipliedBy(4)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(X_REFRESH.plus(FIRST_BACKOFF), REFRESH_DUE);
    }

    @Test
    void theRetryDeadlineAsksForAnotherRefresh() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .andThenAPublished(failed(Platform.X, 1))
                .whenTimeElapses(FIRST_BACKOFF)
                .expectDispatchedCommands(new RequestTokenRefresh(ACCOUNT, null, false));
    }

    @Test
    void aRetryReplacesTheRefreshItRetries() throws Exception {
        Instant secondFailure = X_REFRESH.plus(FIRST_BACKOFF);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .andThenAPublished(failed(Platform.X, 1))
                .andThenTimeAdvancesTo(secondFailure)
                .whenPublishingA(failed(Platform.X, 2))
                .expectScheduledDeadlineWithName(secondFailure.plus(FIRST_BACKOFF.multipliedBy(2)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(secondFailure, secondFailure.plus(FIRST_BACKOFF.multipliedBy(2)).minusMillis(1), REFRESH_DUE);
    }

    @Test
    void aFailedForcedRefreshBeforeThePlannedRefreshKeepsThePlannedRefresh() throws Exception {
        // a client's POST /refresh failed transiently long before the lifecycle's own refresh was due
        Instant forcedAt = T0.plus(Duration.ofMinutes(10));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(forcedAt)
                .whenPublishingA(failed(Platform.X, 1))
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE)
                .expectNoDispatchedCommands();
    }

    @Test
    void aFailedForcedRefreshStillGetsTheTokenRefreshedWhenDue() throws Exception {
        Instant forcedAt = T0.plus(Duration.ofMinutes(10));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(forcedAt)
                .andThenAPublished(failed(Platform.X, 1))
                .andThenTimeAdvancesTo(X_REFRESH.minusSeconds(1))
                .whenTimeAdvancesTo(X_REFRESH)
                .expectDispatchedCommands(new RequestTokenRefresh(ACCOUNT, null, false));
    }

    @Test
    void aFailureWhoseRetryWouldLandAfterExpiryMarksTheTokenExpiringInstead() throws Exception {
        Instant lateFailure = X_EXPIRY.minusSeconds(10);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(lateFailure)
                .whenPublishingA(failed(Platform.X, 1))
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT))
                .expectNoScheduledDeadlineWithName(lateFailure, FAR, REFRESH_DUE)
                .expectScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE);
    }

    @Test
    void aFailureWhoseRetryWouldLandExactlyAtExpiryMarksTheTokenExpiring() throws Exception {
        Instant lateFailure = X_EXPIRY.minus(FIRST_BACKOFF);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(lateFailure)
                .whenPublishingA(failed(Platform.X, 1))
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT))
                .expectNoScheduledDeadlineWithName(lateFailure, FAR, REFRESH_DUE);
    }

    @Test
    void aFailureWhoseRetryLandsJustBeforeExpiryStillRetries() throws Exception {
        Instant lateFailure = X_EXPIRY.minus(FIRST_BACKOFF).minusMillis(1);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(lateFailure)
                .whenPublishingA(failed(Platform.X, 1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(X_EXPIRY.minusMillis(1), REFRESH_DUE);
    }

    @Test
    void aTokenThatCouldNotBeRenewedIsRevokedAtExpiryWithPlatformAuthFailed() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_EXPIRY.minusSeconds(10))
                .andThenAPublished(failed(Platform.X, 1))
                .whenTimeAdvancesTo(X_EXPIRY)
                .expectDispatchedCommands(new ExpireToken(ACCOUNT, X_EXPIRY));
    }

    @Test
    void aTokenWithoutExpiryKeepsRetryingAtTheCappedBackoff() throws Exception {
        Instant refreshExpiry = T0.plus(Duration.ofDays(90));
        Instant refreshAt = refreshExpiry.minus(Duration.ofDays(7));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.BLUESKY, blueskySession(refreshExpiry)))
                .andThenTimeAdvancesTo(refreshAt)
                .whenPublishingA(failed(Platform.BLUESKY, 40))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(refreshAt.plus(Duration.ofMinutes(30)), REFRESH_DUE);
    }

    // --- LinkedIn: no refresh token ------------------------------------------------------------------

    @Test
    void linkedInWithoutARefreshTokenIsWarnedAWeekAheadAndExpiresAtExpiry() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofDays(7)), WARNING_DUE)
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, REFRESH_DUE);
    }

    @Test
    void theWarningDeadlineMarksTheTokenExpiring() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .whenTimeAdvancesTo(expiry.minus(Duration.ofDays(7)))
                .expectTriggeredDeadlinesWithName(WARNING_DUE)
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT))
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE);
    }

    @Test
    void anUnrefreshableTokenIsRevokedAtExpiryUnlessReconnected() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .andThenTimeAdvancesTo(expiry.minus(Duration.ofDays(7)))
                .whenTimeAdvancesTo(expiry)
                .expectDispatchedCommands(new ExpireToken(ACCOUNT, expiry));
    }

    @Test
    void aLinkedInTokenWithLessThanAWeekLeftIsWarnedAboutAtOnce() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(3));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .whenTimeElapses(Duration.ZERO)
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT));
    }

    @Test
    void reconnectingLinkedInBeforeExpiryPlansFromTheNewToken() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        Instant reconnectedAt = T0.plus(Duration.ofDays(55));
        Instant newExpiry = reconnectedAt.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .andThenTimeAdvancesTo(reconnectedAt)
                .whenPublishingA(reconnected(Platform.LINKEDIN, accessOnly(newExpiry)))
                .expectActiveSagas(1)
                .expectNoScheduledDeadlineWithName(expiry, EXPIRY_DUE)
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofDays(7)), WARNING_DUE)
                .expectScheduledDeadlineWithName(newExpiry, EXPIRY_DUE);
    }

    // --- tokens that never expire --------------------------------------------------------------------

    @Test
    void aTokenThatNeverExpiresIsHealthCheckedAfterTheConfiguredInterval() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.FACEBOOK, accessOnly(null)))
                .expectScheduledDeadlineWithName(T0.plus(HEALTH_CHECK_EVERY), HEALTH_CHECK_DUE)
                .expectScheduledDeadline(T0.plus(HEALTH_CHECK_EVERY), ACCOUNT)
                .expectNoScheduledDeadlineWithName(T0, FAR, REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE);
    }

    @Test
    void theHealthCheckVerifiesTheAccountAndSchedulesTheNextCheck() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.FACEBOOK, accessOnly(null)))
                .whenTimeAdvancesTo(T0.plus(HEALTH_CHECK_EVERY))
                .expectTriggeredDeadlinesWithName(HEALTH_CHECK_DUE)
                .expectDispatchedCommands(new VerifyAccount(ACCOUNT, null))
                .expectScheduledDeadlineWithName(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(2)), HEALTH_CHECK_DUE);
    }

    @Test
    void healthChecksKeepRecurring() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.FACEBOOK, accessOnly(null)))
                .whenTimeAdvancesTo(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(3)))
                .expectTriggeredDeadlinesWithName(HEALTH_CHECK_DUE, HEALTH_CHECK_DUE, HEALTH_CHECK_DUE)
                .expectDispatchedCommands(new VerifyAccount(ACCOUNT, null), new VerifyAccount(ACCOUNT, null),
                        new VerifyAccount(ACCOUNT, null))
                .expectScheduledDeadlineWithName(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(4)), HEALTH_CHECK_DUE);
    }

    // --- Bluesky --------------------------------------------------------------------------------------

    @Test
    void blueskyPlansFromTheRefreshJwtsExpiry() throws Exception {
        Instant refreshExpiry = T0.plus(Duration.ofDays(90));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.BLUESKY, blueskySession(refreshExpiry)))
                .expectScheduledDeadlineWithName(refreshExpiry.minus(Duration.ofDays(7)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE);
    }

    @Test
    void blueskyIsNotRefreshedWhenOnlyItsAccessJwtExpires() throws Exception {
        Instant refreshExpiry = T0.plus(Duration.ofDays(90));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.BLUESKY, blueskySession(refreshExpiry)))
                .whenTimeAdvancesTo(T0.plus(Duration.ofHours(3)))
                .expectNoDispatchedCommands();
    }

    // --- revoke, reconnect, disconnect ----------------------------------------------------------------

    @Test
    void aRevokedAccountHasEveryDeadlineCancelled() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenPublishingA(revoked(Platform.X))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void aRevokedLinkedInAccountIsNeitherWarnedAboutNorRevokedAgain() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .andThenAPublished(revoked(Platform.LINKEDIN))
                .whenTimeAdvancesTo(expiry.plusSeconds(1))
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlinesWithName();
    }

    @Test
    void aRevokedHealthCheckedAccountIsNoLongerChecked() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.FACEBOOK, accessOnly(null)))
                .andThenAPublished(revoked(Platform.FACEBOOK))
                .whenTimeAdvancesTo(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(2)))
                .expectNoDispatchedCommands();
    }

    @Test
    void reconnectingARevokedAccountPlansAgain() throws Exception {
        Instant reconnectedAt = T0.plus(Duration.ofHours(5));
        Instant newExpiry = reconnectedAt.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenAPublished(revoked(Platform.X))
                .andThenTimeAdvancesTo(reconnectedAt)
                .whenPublishingA(reconnected(Platform.X, refreshable(newExpiry)))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(newExpiry, EXPIRY_DUE);
    }

    @Test
    void aReconnectedAccountIsRefreshedAgainWhenDue() throws Exception {
        Instant reconnectedAt = T0.plus(Duration.ofHours(5));
        Instant newExpiry = reconnectedAt.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenAPublished(revoked(Platform.X))
                .andThenTimeAdvancesTo(reconnectedAt)
                .andThenAPublished(reconnected(Platform.X, refreshable(newExpiry)))
                .whenTimeAdvancesTo(newExpiry.minus(Duration.ofMinutes(5)))
                .expectDispatchedCommands(new RequestTokenRefresh(ACCOUNT, null, false));
    }

    @Test
    void reconnectingAnActiveAccountReplacesItsPlan() throws Exception {
        Instant reconnectedAt = T0.plus(Duration.ofHours(1));
        Instant newExpiry = reconnectedAt.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(reconnectedAt)
                .whenPublishingA(reconnected(Platform.X, refreshable(newExpiry)))
                .expectActiveSagas(1)
                .expectNoScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE)
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(newExpiry, EXPIRY_DUE);
    }

    @Test
    void disconnectingEndsTheSagaAndCancelsItsDeadlines() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenPublishingA(new AccountDisconnected(ACCOUNT, WORKSPACE, Platform.X, "user-1"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void aDisconnectedAccountIsNeverRefreshed() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenAPublished(new AccountDisconnected(ACCOUNT, WORKSPACE, Platform.X, "user-1"))
                .andThenAPublished(refreshed(Platform.X, refreshable(X_EXPIRY.plus(Duration.ofHours(1)))))
                .whenTimeAdvancesTo(FAR)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void anotherAccountsEventsLeaveThisPlanAlone() throws Exception {
        AccountId other = new AccountId("acc_01JTEST0000000000000000002");
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenPublishingA(new AccountRevoked(other, WORKSPACE, Platform.X, ErrorCode.PLATFORM_AUTH_FAILED, "dead"))
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectScheduledDeadlineWithName(X_EXPIRY, EXPIRY_DUE);
    }

    // --- messages -------------------------------------------------------------------------------------

    private static Credentials refreshable(Instant expiresAt) {
        return new Credentials(new EncryptedSecret("ct-access"), new EncryptedSecret("ct-refresh"), null, expiresAt, null);
    }

    private static Credentials accessOnly(Instant expiresAt) {
        return new Credentials(new EncryptedSecret("ct-access"), null, null, expiresAt, null);
    }

    private static Credentials blueskySession(Instant refreshExpiresAt) {
        return new Credentials(new EncryptedSecret("ct-access-jwt"), new EncryptedSecret("ct-refresh-jwt"),
                new EncryptedSecret("ct-app-password"), T0.plus(Duration.ofHours(2)), refreshExpiresAt);
    }

    private static AccountConnected connected(Platform platform, Credentials credentials) {
        return new AccountConnected(ACCOUNT, WORKSPACE, platform, "user-1", PROFILE, credentials, AccountExtensions.NONE, false);
    }

    private static AccountConnected reconnected(Platform platform, Credentials credentials) {
        return new AccountConnected(ACCOUNT, WORKSPACE, platform, "user-1", PROFILE, credentials, AccountExtensions.NONE, true);
    }

    private static TokenRefreshed refreshed(Platform platform, Credentials credentials) {
        return new TokenRefreshed(ACCOUNT, WORKSPACE, platform, credentials);
    }

    private static TokenRefreshFailed failed(Platform platform, int consecutiveFailures) {
        return new TokenRefreshFailed(ACCOUNT, WORKSPACE, platform, ErrorCode.PLATFORM_UNAVAILABLE,
                "upstream answered 503", consecutiveFailures);
    }

    private static AccountRevoked revoked(Platform platform) {
        return new AccountRevoked(ACCOUNT, WORKSPACE, platform, ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant");
    }
}
