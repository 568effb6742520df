package dev.mooring.command.lifecycle;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mooring.command.lifecycle.TokenLifecycleSaga.EXPIRY_DUE;
import static dev.mooring.command.lifecycle.TokenLifecycleSaga.REFRESH_DUE;
import static dev.mooring.command.lifecycle.TokenLifecycleSaga.WARNING_DUE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle saga against Axon's saga fixture, with the background work recorded rather than run.
 * The rule under test: an account whose credentials can be renewed is retried until the platform
 * itself refuses them; only credentials that nothing can renew are warned of and expire.
 */
class TokenLifecycleSagaTest {

    private static final AccountId ACCOUNT = new AccountId("acc_01JTEST0000000000000000001");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_01JTEST");
    private static final EncryptedSecret PROFILE = new EncryptedSecret("ct-profile");

    /** When every test starts; every event is stamped with the fixture's current time. */
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant FAR = T0.plus(Duration.ofDays(400));

    private static final Duration SANDBOX_MARGIN = Duration.ofSeconds(90);
    private static final Duration HEALTH_CHECK_EVERY = Duration.ofHours(6);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    /** With the random draw fixed at 0.5, the n-th backoff is 15 s · 2^(n-1), capped at 30 min. */
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);
    /** The watchdog after a started attempt: its backoff plus the first retry, so a slow refresh can still land. */
    private static final Duration FIRST_WATCHDOG = FIRST_BACKOFF.plus(FIRST_RETRY);

    private static final Instant X_EXPIRY = T0.plus(Duration.ofHours(2));
    private static final Instant X_REFRESH = X_EXPIRY.minus(Duration.ofMinutes(5));

    private SagaTestFixture<TokenLifecycleSaga> fixture;
    private SwitchablePolicy policy;
    private FixtureClock clock;
    /** What the saga did, in order: deadlines scheduled and background work asked for. */
    private final List<String> log = new ArrayList<>();
    private final RecordingRefreshes refreshes = new RecordingRefreshes();
    /** Every deadline handled, given phase included (the fixture's command checks see only the "when"). */
    private final List<String> fired = new ArrayList<>();

    @BeforeEach
    void setUp() {
        LifecycleProperties properties = properties(Map.of(Platform.SANDBOX, SANDBOX_MARGIN));
        fixture = new SagaTestFixture<>(TokenLifecycleSaga.class);
        policy = new SwitchablePolicy(properties);
        clock = new FixtureClock(fixture);
        fixture.registerResource(properties);
        fixture.registerResource(policy);
        fixture.registerResource(new RetryBackoff(properties, () -> 0.5));
        fixture.registerResource(refreshes);
        fixture.registerResource(clock);
        fixture.registerCommandGateway(CommandGateway.class);
        fixture.registerDeadlineDispatchInterceptor(messages -> (index, message) -> {
            log.add("schedule " + message.getDeadlineName() + " at " + message.getTimestamp());
            return message;
        });
        // a deadline message carries the moment it was due: the clock reads it while its handler runs
        fixture.registerDeadlineHandlerInterceptor((unitOfWork, chain) -> {
            clock.firing = unitOfWork.getMessage().getTimestamp();
            fired.add(unitOfWork.getMessage().getDeadlineName());
            try {
                return chain.proceed();
            } finally {
                clock.firing = null;
            }
        });
    }

    private static LifecycleProperties properties(Map<Platform, Duration> margins) {
        return new LifecycleProperties(new LifecycleProperties.Refresh(margins), Duration.ofDays(7), Duration.ofHours(24),
                HEALTH_CHECK_EVERY, FIRST_RETRY, Duration.ofHours(1), 8);
    }

    // --- planning: renewable credentials get a refresh deadline and no expiry ------------------------

    @Test
    void anXAccountGetsARefreshDeadlineAndNoExpiryDeadline() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.X, refreshable(X_EXPIRY)))
                .expectActiveSagas(1)
                .expectAssociationWith("accountId", ACCOUNT)
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectScheduledDeadline(X_REFRESH, ACCOUNT)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).isEmpty();
    }

    @Test
    void aPinterestAccountIsRefreshedADayAheadAndNeverExpires() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(30));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.PINTEREST, refreshable(expiry, T0.plus(Duration.ofDays(60)))))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofHours(24)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE);
    }

    @Test
    void aSandboxAccountRefreshesByItsConfiguredMargin() throws Exception {
        Instant expiry = T0.plus(Duration.ofMinutes(10));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.SANDBOX, refreshable(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(SANDBOX_MARGIN), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE);
    }

    @Test
    void sixtySecondTokensWithAFiveMinuteMarginAreRefreshedAtFortyFiveSecondsNotAtOnce() throws Exception {
        Instant expiry = T0.plusSeconds(60);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(expiry)))
                .whenTimeAdvancesTo(T0.plusSeconds(44))
                .expectNoScheduledDeadlineWithName(T0, T0.plusSeconds(45).minusMillis(1), REFRESH_DUE)
                .expectScheduledDeadlineWithName(T0.plusSeconds(45), REFRESH_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).isEmpty();
    }

    @Test
    void sixtySecondTokensAreRefreshedOnceAMinuteNotEverySecond() throws Exception {
        // each refresh gives a new 60-second token: the next refresh is 45 s after it, one a minute
        Instant first = T0.plusSeconds(45);
        Instant second = first.plusSeconds(45);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(T0.plusSeconds(60))))
                .andThenTimeAdvancesTo(first)
                .andThenAPublished(refreshed(Platform.X, refreshable(first.plusSeconds(60))))
                .andThenTimeAdvancesTo(second)
                .andThenAPublished(refreshed(Platform.X, refreshable(second.plusSeconds(60))))
                .whenTimeAdvancesTo(second.plusSeconds(44))
                .expectScheduledDeadlineWithName(second.plusSeconds(45), REFRESH_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(refresh(first), refresh(second));
    }

    @Test
    void instagramIsRefreshedWellBeforeItsSixtyDaysAndNeverExpires() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.INSTAGRAM, accessOnly(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofDays(15)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE);
    }

    @Test
    void aThreadsTokenRefreshedIsAgainNotRefreshedBeforeItIsADayOld() throws Exception {
        Instant refreshedAt = T0.plus(Duration.ofDays(5));
        Instant newExpiry = refreshedAt.plus(Duration.ofHours(30));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.THREADS, accessOnly(T0.plus(Duration.ofDays(60)))))
                .andThenTimeAdvancesTo(refreshedAt)
                .whenPublishingA(refreshed(Platform.THREADS, accessOnly(newExpiry)))
                .expectScheduledDeadlineWithName(refreshedAt.plus(Duration.ofHours(24)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(refreshedAt, refreshedAt.plus(Duration.ofHours(24)).minusMillis(1), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE);
    }

    @Test
    void blueskyIsRefreshedAheadOfItsRefreshJwtNotItsAccessJwt() throws Exception {
        Instant refreshJwtExpiry = T0.plus(Duration.ofDays(90));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.BLUESKY, blueskySession(refreshJwtExpiry)))
                .expectScheduledDeadlineWithName(refreshJwtExpiry.minus(Duration.ofDays(7)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, refreshJwtExpiry.minus(Duration.ofDays(7)).minusMillis(1), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE);
    }

    // --- the refresh deadline -------------------------------------------------------------------------

    @Test
    void nothingHappensBeforeTheRefreshIsDue() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenTimeAdvancesTo(X_REFRESH.minusSeconds(1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE);
        assertThat(refreshes.calls).isEmpty();
    }

    @Test
    void aDueRefreshSchedulesItsNextAttemptBeforeStartingBackgroundWork() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenTimeAdvancesTo(X_REFRESH)
                .expectTriggeredDeadlinesWithName(REFRESH_DUE)
                .expectScheduledDeadlineWithName(X_REFRESH.plus(FIRST_WATCHDOG), REFRESH_DUE)
                .expectScheduledDeadline(X_REFRESH.plus(FIRST_WATCHDOG), ACCOUNT)
                .expectNoDispatchedCommands();
        // if the work never records anything (a crash, a stop), the next attempt is already set
        assertThat(log).containsSubsequence(
                "schedule " + REFRESH_DUE + " at " + X_REFRESH.plus(FIRST_WATCHDOG),
                "refresh " + ACCOUNT.value() + " at " + X_REFRESH);
        assertThat(log.get(log.size() - 1)).isEqualTo("refresh " + ACCOUNT.value() + " at " + X_REFRESH);
    }

    @Test
    void aDeadlineThatFindsTheRefreshNotYetDueUnderTheCurrentMarginReschedulesIt() throws Exception {
        // planned with a 5-minute margin; the service restarts with a 1-minute one before the deadline fires
        Instant lowered = X_EXPIRY.minus(Duration.ofMinutes(1));
        ContinuedGivenState planned = fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)));
        policy.use(properties(Map.of(Platform.X, Duration.ofMinutes(1))));
        planned.whenTimeAdvancesTo(X_REFRESH)
                .expectTriggeredDeadlinesWithName(REFRESH_DUE)
                .expectScheduledDeadlineWithName(lowered, REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(X_REFRESH, lowered.minusMillis(1), REFRESH_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).isEmpty();
    }

    @Test
    void theRescheduledRefreshRunsWhenItIsDue() throws Exception {
        Instant lowered = X_EXPIRY.minus(Duration.ofMinutes(1));
        ContinuedGivenState planned = fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)));
        policy.use(properties(Map.of(Platform.X, Duration.ofMinutes(1))));
        planned.andThenTimeAdvancesTo(X_REFRESH)
                .whenTimeAdvancesTo(lowered)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(refresh(lowered));
        assertThat(fired).containsExactly(REFRESH_DUE, REFRESH_DUE);
    }

    @Test
    void anOverdueRefreshAfterTheAccessTokenExpiredStillRefreshesAndNothingExpires() throws Exception {
        // the service was down past the access token's expiry: the one overdue deadline is a refresh
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenTimeAdvancesTo(X_EXPIRY.plus(Duration.ofMinutes(30)))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE);
        assertThat(refreshes.calls).first().isEqualTo(refresh(X_REFRESH));
    }

    @Test
    void anOperatorFaultThatRecordsNothingIsRetriedByTheWatchdog() throws Exception {
        // e.g. invalid_client: the refresher records no event, so only the watchdog brings the next attempt
        Instant second = X_REFRESH.plus(FIRST_WATCHDOG);
        Instant third = second.plus(FIRST_BACKOFF.multipliedBy(2)).plus(FIRST_RETRY);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenTimeAdvancesTo(second)
                .expectScheduledDeadlineWithName(third, REFRESH_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(refresh(X_REFRESH), refresh(second));
    }

    @Test
    void theWatchdogKeepsTryingPastTheAccessTokensExpiryWithCappedBackoffAndNeverExpiresTheAccount() throws Exception {
        Instant end = X_EXPIRY.plus(Duration.ofHours(6));
        List<String> expected = new ArrayList<>();
        Instant at = X_REFRESH;
        for (int attempt = 1; !at.isAfter(end); attempt++) {
            expected.add(refresh(at));
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
            at = at.plus(backoff.compareTo(Duration.ofMinutes(30)) > 0 ? Duration.ofMinutes(30) : backoff).plus(FIRST_RETRY);
        }
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenTimeAdvancesTo(end)
                .expectScheduledDeadlineWithName(at, REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactlyElementsOf(expected).hasSizeGreaterThan(15);
        assertThat(fired).containsOnly(REFRESH_DUE);
    }

    @Test
    void aRecordedRefreshReplacesTheWatchdogWithTheNewPlan() throws Exception {
        Instant refreshedAt = X_REFRESH.plusSeconds(2);
        Instant newExpiry = refreshedAt.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .andThenTimeAdvancesTo(refreshedAt)
                .whenPublishingA(refreshed(Platform.X, refreshable(newExpiry)))
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(refreshedAt, newExpiry.minus(Duration.ofMinutes(5)).minusMillis(1), REFRESH_DUE)
                .expectNoDispatchedCommands();
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

    // --- failures the platform reported: retry at the refresher's moment, never end the account -------

    @Test
    void aTenMinuteOutageKeepsReschedulingAndNeverExpiresOrRevokes() throws Exception {
        // X's token endpoint is down from the due refresh on; each failure says when to try next
        Instant a1 = X_REFRESH;
        Instant a2 = a1.plusSeconds(30);
        Instant a3 = a2.plusSeconds(60);
        Instant a4 = a3.plusSeconds(120);
        Instant a5 = a4.plusSeconds(240);                   // 7.5 min in: the access token died 2.5 min ago
        Instant a6 = a5.plusSeconds(480);                   // 15.5 min in: the endpoint is back
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(a1)
                .andThenAPublished(failed(Platform.X, 1, a2))
                .andThenTimeAdvancesTo(a2)
                .andThenAPublished(failed(Platform.X, 2, a3))
                .andThenTimeAdvancesTo(a3)
                .andThenAPublished(failed(Platform.X, 3, a4))
                .andThenTimeAdvancesTo(a4)
                .andThenAPublished(failed(Platform.X, 4, a5))
                .andThenTimeAdvancesTo(a5)
                .whenPublishingA(failed(Platform.X, 5, a6))
                .expectScheduledDeadlineWithName(a6, REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(a5, a6.minusMillis(1), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE)
                .expectNoDispatchedCommands();
        // each attempt at exactly the moment its failure named, and no watchdog attempt in between
        assertThat(refreshes.calls).containsExactly(refresh(a1), refresh(a2), refresh(a3), refresh(a4), refresh(a5));
        // the access token died at 5 min into the outage: nothing but refreshes ever fired
        assertThat(fired).containsOnly(REFRESH_DUE).hasSize(5);
    }

    @Test
    void afterATenMinuteOutageTheNextAttemptRefreshesAndTheAccountIsPlannedAfresh() throws Exception {
        Instant a1 = X_REFRESH;
        Instant a2 = a1.plus(Duration.ofMinutes(4));
        Instant a3 = a1.plus(Duration.ofMinutes(11)); // past the access token's expiry
        Instant newExpiry = a3.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(a1)
                .andThenAPublished(failed(Platform.X, 1, a2))
                .andThenTimeAdvancesTo(a2)
                .andThenAPublished(failed(Platform.X, 2, a3))
                .andThenTimeAdvancesTo(a3)
                .whenPublishingA(refreshed(Platform.X, refreshable(newExpiry)))
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(a3, newExpiry.minus(Duration.ofMinutes(5)).minusMillis(1), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(refresh(a1), refresh(a2), refresh(a3));
        assertThat(fired).containsOnly(REFRESH_DUE);
    }

    @Test
    void theRetryLandsNoSoonerThanTheFailuresNextAttempt() throws Exception {
        // the refresher folded a 10-minute Retry-After into nextAttemptAt: the saga must not come back earlier
        Instant retryAt = X_REFRESH.plus(Duration.ofMinutes(10));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .andThenAPublished(failed(Platform.X, 1, retryAt))
                .whenTimeAdvancesTo(retryAt.minusMillis(1))
                .expectScheduledDeadlineWithName(retryAt, REFRESH_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(refresh(X_REFRESH));
    }

    @Test
    void aFailureStoredBeforeItCarriedItsNextAttemptRetriesAfterTheBackoff() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenPublishingA(failed(Platform.X, 3, null))
                .expectScheduledDeadlineWithName(X_REFRESH.plus(FIRST_BACKOFF.multipliedBy(4)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(X_REFRESH, X_REFRESH.plus(FIRST_BACKOFF.multipliedBy(4)).minusMillis(1), REFRESH_DUE)
                .expectNoDispatchedCommands();
    }

    @Test
    void aFailedForcedRefreshLongBeforeTheRefreshIsDueLeadsBackToThePlannedRefresh() throws Exception {
        // a client's POST /refresh failed an hour before the lifecycle's own refresh: its retry finds nothing due
        Instant forcedAt = T0.plus(Duration.ofMinutes(10));
        Instant retryAt = forcedAt.plusSeconds(20);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(forcedAt)
                .andThenAPublished(failed(Platform.X, 1, retryAt))
                .whenTimeAdvancesTo(retryAt)
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).isEmpty();
    }

    @Test
    void failuresFarFromTheRefreshTokensEndDoNotWarn() throws Exception {
        Instant refreshEnd = T0.plus(Duration.ofDays(8));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, refreshable(T0.plus(Duration.ofDays(60)), refreshEnd)))
                .andThenTimeAdvancesTo(T0.plus(Duration.ofHours(1)))
                .whenPublishingA(failed(Platform.LINKEDIN, 1, T0.plus(Duration.ofHours(2))))
                .expectNoDispatchedCommands();
    }

    @Test
    void retriesThatReachWithinTheWarningOfTheRefreshTokensEndWarnOfThatEnd() throws Exception {
        Instant refreshEnd = T0.plus(Duration.ofDays(8));
        Instant retryAt = refreshEnd.minus(Duration.ofDays(7)).plusSeconds(1);
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, refreshable(T0.plus(Duration.ofDays(60)), refreshEnd)))
                .andThenTimeAdvancesTo(T0.plus(Duration.ofHours(1)))
                .whenPublishingA(failed(Platform.LINKEDIN, 1, retryAt))
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT, refreshEnd))
                .expectScheduledDeadlineWithName(retryAt, REFRESH_DUE);
    }

    // --- credentials that cannot be renewed: warn, then expire -------------------------------------------

    @Test
    void aLinkedInAccountWithoutARefreshTokenIsWarnedSevenDaysAheadAndExpiresAtExpiry() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofDays(7)), WARNING_DUE)
                .expectScheduledDeadlineWithName(expiry, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, REFRESH_DUE);
    }

    @Test
    void theWarningDeadlineWarnsOfTheAccessTokensExpiry() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .whenTimeAdvancesTo(expiry.minus(Duration.ofDays(7)))
                .expectTriggeredDeadlinesWithName(WARNING_DUE)
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT, expiry));
    }

    @Test
    void theExpiryDeadlineExpiresTheTokenItWasSetFor() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .andThenTimeAdvancesTo(expiry.minus(Duration.ofDays(7)))
                .whenTimeAdvancesTo(expiry)
                .expectDispatchedCommands(new ExpireToken(ACCOUNT, expiry))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aLinkedInPartnerIsRefreshedAndWarnedAheadOfTheRefreshTokensFixedEnd() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(60));
        Instant refreshEnd = T0.plus(Duration.ofDays(365));
        fixture.givenCurrentTime(T0)
                .whenPublishingA(connected(Platform.LINKEDIN, refreshable(expiry, refreshEnd)))
                .expectScheduledDeadlineWithName(expiry.minus(Duration.ofDays(7)), REFRESH_DUE)
                .expectScheduledDeadlineWithName(refreshEnd.minus(Duration.ofDays(7)), WARNING_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE);
    }

    @Test
    void aLinkedInPartnersWarningNamesTheRefreshTokensEnd() throws Exception {
        // connected late in the partner's 365 days: the refresh token ends before the access token
        Instant refreshEnd = T0.plus(Duration.ofDays(30));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, refreshable(T0.plus(Duration.ofDays(60)), refreshEnd)))
                .whenTimeAdvancesTo(refreshEnd.minus(Duration.ofDays(7)))
                .expectTriggeredDeadlinesWithName(WARNING_DUE)
                .expectDispatchedCommands(new MarkTokenExpiring(ACCOUNT, refreshEnd));
    }

    // --- tokens that never expire: health checks -----------------------------------------------------

    @Test
    void aFacebookPageTokenThatNeverExpiresIsHealthChecked() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.FACEBOOK, accessOnly(null)))
                .whenTimeAdvancesTo(T0.plus(HEALTH_CHECK_EVERY))
                .expectScheduledDeadlineWithName(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(2)), REFRESH_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE)
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(verify(T0.plus(HEALTH_CHECK_EVERY)));
    }

    @Test
    void healthChecksRepeatAtTheirIntervalWithoutAnyEvent() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.FACEBOOK, accessOnly(null)))
                .whenTimeAdvancesTo(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(3)))
                .expectNoDispatchedCommands();
        assertThat(refreshes.calls).containsExactly(verify(T0.plus(HEALTH_CHECK_EVERY)),
                verify(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(2))), verify(T0.plus(HEALTH_CHECK_EVERY.multipliedBy(3))));
    }

    // --- revoke, reconnect, disconnect -------------------------------------------------------------------

    @Test
    void revokingCancelsEveryDeadlineButKeepsTheSagaForAReconnect() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, refreshable(T0.plus(Duration.ofDays(60)), T0.plus(Duration.ofDays(365)))))
                .whenPublishingA(revoked(Platform.LINKEDIN))
                .expectActiveSagas(1)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void revokingCancelsTheWatchdogOfARefreshUnderWay() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenPublishingA(revoked(Platform.X))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRevokedAccountIsNeverRefreshedWarnedOrExpiredAgain() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(T0.plus(Duration.ofDays(60)))))
                .andThenAPublished(revoked(Platform.LINKEDIN))
                .whenTimeAdvancesTo(FAR)
                .expectNoDispatchedCommands()
                .expectTriggeredDeadlinesWithName();
        assertThat(refreshes.calls).isEmpty();
    }

    @Test
    void disconnectingEndsTheSagaAndCancelsItsDeadlines() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(T0.plus(Duration.ofDays(60)))))
                .whenPublishingA(disconnected(Platform.LINKEDIN))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void disconnectingDuringARefreshCancelsItsWatchdog() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenTimeAdvancesTo(X_REFRESH)
                .whenPublishingA(disconnected(Platform.X))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void aDisconnectedAccountIsNeverRefreshed() throws Exception {
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .andThenAPublished(disconnected(Platform.X))
                .andThenAPublished(refreshed(Platform.X, refreshable(X_EXPIRY.plus(Duration.ofHours(1)))))
                .whenTimeAdvancesTo(FAR)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
        assertThat(refreshes.calls).isEmpty();
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
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE);
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
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofMinutes(5)), REFRESH_DUE);
    }

    @Test
    void reconnectingWithARefreshTokenDropsTheOldExpiry() throws Exception {
        // a LinkedIn member reconnected through a partner app: what could expire can now be renewed
        Instant expiry = T0.plus(Duration.ofDays(60));
        Instant reconnectedAt = T0.plus(Duration.ofDays(1));
        Instant newExpiry = reconnectedAt.plus(Duration.ofDays(60));
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.LINKEDIN, accessOnly(expiry)))
                .andThenTimeAdvancesTo(reconnectedAt)
                .whenPublishingA(reconnected(Platform.LINKEDIN, refreshable(newExpiry)))
                .expectNoScheduledDeadlineWithName(T0, FAR, EXPIRY_DUE)
                .expectNoScheduledDeadlineWithName(T0, FAR, WARNING_DUE)
                .expectScheduledDeadlineWithName(newExpiry.minus(Duration.ofDays(7)), REFRESH_DUE);
    }

    @Test
    void anotherAccountsEventsLeaveThisPlanAlone() throws Exception {
        AccountId other = new AccountId("acc_01JTEST0000000000000000002");
        fixture.givenCurrentTime(T0)
                .andThenAPublished(connected(Platform.X, refreshable(X_EXPIRY)))
                .whenPublishingA(new AccountRevoked(other, WORKSPACE, Platform.X, ErrorCode.PLATFORM_AUTH_FAILED, "dead"))
                .expectScheduledDeadlineWithName(X_REFRESH, REFRESH_DUE);
    }

    // --- test doubles -------------------------------------------------------------------------------------

    /** Records the background work asked for, with the saga's clock, into the shared log. */
    private final class RecordingRefreshes implements RefreshRequests {
        private final List<String> calls = new ArrayList<>();

        @Override
        public void refreshInBackground(AccountId account) {
            record("refresh " + account.value());
        }

        @Override
        public void verifyInBackground(AccountId account) {
            record("verify " + account.value());
        }

        private void record(String what) {
            String call = what + " at " + clock.instant();
            calls.add(call);
            log.add(call);
        }
    }

    /**
     * The fixture's time: while a deadline is handled, the moment it was due (the fixture moves its
     * event clock to the end of a time jump before deadlines fire); otherwise the fixture's current time.
     */
    private final class FixtureClock extends Clock {
        private final SagaTestFixture<?> owner;
        private volatile Instant firing;

        FixtureClock(SagaTestFixture<?> owner) {
            this.owner = owner;
        }

        @Override
        public Instant instant() {
            return firing != null ? firing : owner.currentTime();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The policy as configured at the moment: a restart with other settings swaps it. */
    private static final class SwitchablePolicy extends RefreshPolicy {
        private RefreshPolicy current;

        SwitchablePolicy(LifecycleProperties properties) {
            super(properties);
            current = new RefreshPolicy(properties);
        }

        void use(LifecycleProperties properties) {
            current = new RefreshPolicy(properties);
        }

        @Override
        public RefreshPlan plan(Platform platform, TokenTimes times) {
            return current.plan(platform, times);
        }
    }

    private static String refresh(Instant at) {
        return "refresh " + ACCOUNT.value() + " at " + at;
    }

    private static String verify(Instant at) {
        return "verify " + ACCOUNT.value() + " at " + at;
    }

    // --- messages -------------------------------------------------------------------------------------

    private static Credentials refreshable(Instant expiresAt) {
        return new Credentials(new EncryptedSecret("ct-access"), new EncryptedSecret("ct-refresh"), null, expiresAt, null);
    }

    private static Credentials refreshable(Instant expiresAt, Instant refreshExpiresAt) {
        return new Credentials(new EncryptedSecret("ct-access"), new EncryptedSecret("ct-refresh"), null, expiresAt,
                refreshExpiresAt);
    }

    private static Credentials accessOnly(Instant expiresAt) {
        return new Credentials(new EncryptedSecret("ct-access"), null, null, expiresAt, null);
    }

    private static Credentials blueskySession(Instant refreshExpiresAt) {
        return new Credentials(new EncryptedSecret("ct-access-jwt"), new EncryptedSecret("ct-refresh-jwt"),
                new EncryptedSecret("ct-app-password"), T0.plus(Duration.ofHours(2)), refreshExpiresAt);
    }

    private static AccountConnected connected(Platform platform, Credentials credentials) {
        return new AccountConnected(ACCOUNT, WORKSPACE, platform, "user-1", PROFILE, credentials, AccountExtensions.NONE, false, false);
    }

    private static AccountConnected reconnected(Platform platform, Credentials credentials) {
        return new AccountConnected(ACCOUNT, WORKSPACE, platform, "user-1", PROFILE, credentials, AccountExtensions.NONE, true, false);
    }

    private static TokenRefreshed refreshed(Platform platform, Credentials credentials) {
        return new TokenRefreshed(ACCOUNT, WORKSPACE, platform, credentials);
    }

    private static TokenRefreshFailed failed(Platform platform, int consecutiveFailures, Instant nextAttemptAt) {
        return new TokenRefreshFailed(ACCOUNT, WORKSPACE, platform, ErrorCode.PLATFORM_UNAVAILABLE,
                "upstream answered 503", consecutiveFailures, nextAttemptAt);
    }

    private static AccountRevoked revoked(Platform platform) {
        return new AccountRevoked(ACCOUNT, WORKSPACE, platform, ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant");
    }

    private static AccountDisconnected disconnected(Platform platform) {
        return new AccountDisconnected(ACCOUNT, WORKSPACE, platform, "user-1", UpstreamRevocation.REVOKED);
    }
}
