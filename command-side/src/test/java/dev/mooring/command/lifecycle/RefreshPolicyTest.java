package dev.mooring.command.lifecycle;

import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.Credentials;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.mooring.command.fixtures.CredentialsFixture.accessOnlyUntil;
import static dev.mooring.command.fixtures.CredentialsFixture.blueskySession;
import static dev.mooring.command.fixtures.CredentialsFixture.refreshable;
import static dev.mooring.command.fixtures.CredentialsFixture.refreshableUntil;
import static org.assertj.core.api.Assertions.assertThat;

class RefreshPolicyTest {

    private static final Instant ISSUED = Instant.parse("2026-03-02T09:00:00Z");

    /** The defaults of {@link LifecycleProperties}, margins included. */
    private static final RefreshPolicy POLICY = new RefreshPolicy(properties(Map.of(), Duration.ofDays(7), Duration.ofHours(24),
            Duration.ofHours(24)));

    private static LifecycleProperties properties(Map<Platform, Duration> margins, Duration warnAhead,
                                                  Duration minimumTokenAge, Duration healthCheckEvery) {
        return new LifecycleProperties(new LifecycleProperties.Refresh(margins), warnAhead, minimumTokenAge,
                healthCheckEvery, Duration.ofSeconds(30), Duration.ofHours(1), 8);
    }

    private static RefreshPolicy withMargins(Map<Platform, Duration> margins) {
        return new RefreshPolicy(properties(margins, Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24)));
    }

    private static RefreshPlan refreshOnly(Instant refreshAt, Instant refreshEndsAt) {
        return new RefreshPlan(refreshAt, null, null, null, refreshEndsAt, false);
    }

    // --- the access token itself, for a caller about to be handed it ----------------------------------

    @Test
    void anAccessTokenIsDueInsideItsMarginAndPastItsExpiry() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        TokenTimes x = TokenTimes.of(refreshableUntil(expiry), ISSUED);
        assertThat(POLICY.accessTokenDue(Platform.X, x, expiry.minus(Duration.ofMinutes(6)))).isFalse();
        assertThat(POLICY.accessTokenDue(Platform.X, x, expiry.minus(Duration.ofMinutes(5)))).isTrue();
        assertThat(POLICY.accessTokenDue(Platform.X, x, expiry.plusSeconds(1))).isTrue();
    }

    @Test
    void aBlueskyAccessJwtIsDueByItsOwnExpiryNotTheRefreshJwts() {
        Instant accessExpiry = ISSUED.plus(Duration.ofHours(2));
        TokenTimes session = TokenTimes.of(blueskySession().expiringAt(accessExpiry).refreshEndingAt(ISSUED.plus(Duration.ofDays(90))).build(), ISSUED);
        assertThat(POLICY.accessTokenDue(Platform.BLUESKY, session, accessExpiry.plusSeconds(1))).isTrue();
        assertThat(POLICY.accessTokenDue(Platform.BLUESKY, session, ISSUED.plus(Duration.ofMinutes(1)))).isFalse();
    }

    @Test
    void aTokenNothingRenewsOrThatNeverExpiresIsNeverDue() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.accessTokenDue(Platform.LINKEDIN, TokenTimes.of(accessOnlyUntil(expiry), ISSUED), expiry.plusSeconds(1)))
                .isFalse();
        assertThat(POLICY.accessTokenDue(Platform.FACEBOOK, TokenTimes.of(accessOnlyUntil(null), ISSUED), ISSUED.plus(Duration.ofDays(400))))
                .isFalse();
    }

    // --- renewable credentials: a refresh deadline, never an expiry ----------------------------------

    @Test
    void xRefreshesFiveMinutesBeforeExpiryAndNeverExpires() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(POLICY.plan(Platform.X, refreshableUntil(expiry), ISSUED))
                .isEqualTo(refreshOnly(expiry.minus(Duration.ofMinutes(5)), null));
    }

    @Test
    void aRotatingRefreshTokensEndIsKnownButNeitherWarnedOfNorExpired() {
        // X and Pinterest give a new refresh token on every refresh: its end moves, so only retries near it warn
        Instant expiry = ISSUED.plus(Duration.ofDays(30));
        Instant refreshEnd = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.PINTEREST, refreshable().expiringAt(expiry).refreshEndingAt(refreshEnd).build(), ISSUED))
                .isEqualTo(refreshOnly(expiry.minus(Duration.ofHours(24)), refreshEnd));
    }

    @Test
    void aPlatformWithoutADefaultMarginRefreshesFiveMinutesAhead() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.FACEBOOK, refreshableUntil(expiry), ISSUED))
                .isEqualTo(refreshOnly(expiry.minus(Duration.ofMinutes(5)), null));
    }

    // --- the margin is capped at a quarter of the token's life ---------------------------------------

    @Test
    void aSixtySecondTokenWithTheFiveMinuteXMarginIsRefreshedAtFortyFiveSeconds() {
        Instant expiry = ISSUED.plusSeconds(60);
        assertThat(POLICY.plan(Platform.X, refreshableUntil(expiry), ISSUED).refreshAt()).isEqualTo(ISSUED.plusSeconds(45));
    }

    @Test
    void aMarginWithinAQuarterOfTheLifeIsKeptAsConfigured() {
        // a 4-minute sandbox token: the 1-minute default margin is exactly the cap
        Instant expiry = ISSUED.plus(Duration.ofMinutes(4));
        assertThat(POLICY.plan(Platform.SANDBOX, refreshableUntil(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofMinutes(1)));
    }

    @Test
    void theCapCountsTheLifeFromWhenTheTokenWasIssuedNotFromNow() {
        // a token issued 90 minutes ago for 2 hours: the cap is 30 minutes, not a quarter of what is left
        Instant issued = ISSUED.minus(Duration.ofMinutes(90));
        Instant expiry = issued.plus(Duration.ofHours(2));
        RefreshPolicy policy = withMargins(Map.of(Platform.X, Duration.ofMinutes(20)));
        assertThat(policy.plan(Platform.X, refreshableUntil(expiry), issued).refreshAt()).isEqualTo(expiry.minus(Duration.ofMinutes(20)));
    }

    @Test
    void aConfiguredMarginLongerThanAQuarterOfTheLifeIsCapped() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        RefreshPolicy policy = withMargins(Map.of(Platform.X, Duration.ofHours(1)));
        assertThat(policy.plan(Platform.X, refreshableUntil(expiry), ISSUED).refreshAt()).isEqualTo(ISSUED.plus(Duration.ofMinutes(90)));
    }

    @Test
    void theDefaultInstagramMarginIsAQuarterOfItsSixtyDays() {
        // the token renews itself, so its own expiry is where renewing ends
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.INSTAGRAM, accessOnlyUntil(expiry), ISSUED))
                .isEqualTo(refreshOnly(expiry.minus(Duration.ofDays(15)), expiry));
    }

    @Test
    void aTokenIssuedAlreadyExpiredIsDueAtOnce() {
        // no life to take a share of: the configured margin puts the refresh in the past, so it is due now
        Instant expiry = ISSUED.minusSeconds(10);
        assertThat(POLICY.plan(Platform.X, refreshableUntil(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofMinutes(5)))
                .isBefore(ISSUED);
    }

    // --- configured margins ----------------------------------------------------------------------------

    @Test
    void aConfiguredMarginReplacesThePlatformDefault() {
        RefreshPolicy policy = withMargins(Map.of(Platform.X, Duration.ofMinutes(15), Platform.SANDBOX, Duration.ofSeconds(20)));
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(policy.plan(Platform.X, refreshableUntil(expiry), ISSUED).refreshAt()).isEqualTo(expiry.minus(Duration.ofMinutes(15)));
        assertThat(policy.plan(Platform.SANDBOX, refreshableUntil(expiry), ISSUED).refreshAt()).isEqualTo(expiry.minus(Duration.ofSeconds(20)));
    }

    @Test
    void platformsWithoutAConfiguredMarginKeepTheirDefault() {
        RefreshPolicy policy = withMargins(Map.of(Platform.X, Duration.ofMinutes(15)));
        Instant expiry = ISSUED.plus(Duration.ofDays(30));
        assertThat(policy.plan(Platform.PINTEREST, refreshableUntil(expiry), ISSUED).refreshAt()).isEqualTo(expiry.minus(Duration.ofHours(24)));
    }

    @Test
    void noRefreshSectionAtAllMeansTheDefaults() {
        LifecycleProperties none = new LifecycleProperties(null, Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24),
                Duration.ofSeconds(30), Duration.ofHours(1), 8);
        assertThat(none.marginFor(Platform.X)).isEqualTo(Duration.ofMinutes(5));
        assertThat(new LifecycleProperties(new LifecycleProperties.Refresh(null), Duration.ofDays(7), Duration.ofHours(24),
                Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), 8).marginFor(Platform.PINTEREST))
                .isEqualTo(Duration.ofHours(24));
    }

    // --- Instagram and Threads: the long-lived token refreshes itself, never before it is a day old ------

    @Test
    void instagramRenewsWithoutARefreshTokenAndNeverExpires() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        RefreshPlan plan = POLICY.plan(Platform.INSTAGRAM, accessOnlyUntil(expiry), ISSUED);
        assertThat(plan.refreshAt()).isNotNull();
        assertThat(plan.expireAt()).isNull();
        assertThat(plan.warnAt()).isNull();
    }

    @Test
    void instagramNeverRefreshesATokenYoungerThanADay() {
        // a 30-hour token: the capped margin (7.5 h) would refresh at 22.5 h, before Instagram allows it
        Instant expiry = ISSUED.plus(Duration.ofHours(30));
        assertThat(POLICY.plan(Platform.INSTAGRAM, accessOnlyUntil(expiry), ISSUED))
                .isEqualTo(refreshOnly(ISSUED.plus(Duration.ofHours(24)), expiry));
    }

    @Test
    void threadsNeverRefreshesATokenYoungerThanADay() {
        Instant expiry = ISSUED.plus(Duration.ofHours(30));
        assertThat(POLICY.plan(Platform.THREADS, accessOnlyUntil(expiry), ISSUED).refreshAt()).isEqualTo(ISSUED.plus(Duration.ofHours(24)));
    }

    @Test
    void threadsRefreshesAtItsMarginOnceThatIsPastTheMinimumAge() {
        Instant expiry = ISSUED.plus(Duration.ofDays(100));
        assertThat(POLICY.plan(Platform.THREADS, accessOnlyUntil(expiry), ISSUED).refreshAt()).isEqualTo(expiry.minus(Duration.ofDays(15)));
    }

    @Test
    void theMinimumTokenAgeIsConfiguration() {
        RefreshPolicy policy = new RefreshPolicy(properties(Map.of(), Duration.ofDays(7), Duration.ofHours(36), Duration.ofHours(24)));
        Instant expiry = ISSUED.plus(Duration.ofHours(40));
        assertThat(policy.plan(Platform.INSTAGRAM, accessOnlyUntil(expiry), ISSUED).refreshAt()).isEqualTo(ISSUED.plus(Duration.ofHours(36)));
    }

    @Test
    void theMinimumTokenAgeAppliesOnlyToInstagramAndThreads() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(POLICY.plan(Platform.X, refreshableUntil(expiry), ISSUED).refreshAt()).isBefore(ISSUED.plus(Duration.ofHours(24)));
    }

    // --- LinkedIn ---------------------------------------------------------------------------------------

    @Test
    void linkedInWithoutARefreshTokenIsWarnedAWeekAheadAndExpiresAtExpiry() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.LINKEDIN, accessOnlyUntil(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(null, expiry.minus(Duration.ofDays(7)), expiry, expiry, null, false));
    }

    @Test
    void aLinkedInPartnerRefreshesAWeekAheadAndIsWarnedAheadOfItsFixedRefreshEnd() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        Instant refreshEnd = ISSUED.plus(Duration.ofDays(365));
        assertThat(POLICY.plan(Platform.LINKEDIN, refreshable().expiringAt(expiry).refreshEndingAt(refreshEnd).build(), ISSUED))
                .isEqualTo(new RefreshPlan(expiry.minus(Duration.ofDays(7)), refreshEnd.minus(Duration.ofDays(7)), refreshEnd,
                        null, refreshEnd, false));
    }

    @Test
    void aLinkedInPartnerWithoutAKnownRefreshEndIsOnlyRefreshed() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.LINKEDIN, refreshableUntil(expiry), ISSUED))
                .isEqualTo(refreshOnly(expiry.minus(Duration.ofDays(7)), null));
    }

    @Test
    void theWarningLeadIsConfiguration() {
        RefreshPolicy policy = new RefreshPolicy(properties(Map.of(), Duration.ofDays(3), Duration.ofHours(24), Duration.ofHours(24)));
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        Instant refreshEnd = ISSUED.plus(Duration.ofDays(365));
        assertThat(policy.plan(Platform.LINKEDIN, accessOnlyUntil(expiry), ISSUED).warnAt()).isEqualTo(expiry.minus(Duration.ofDays(3)));
        assertThat(policy.plan(Platform.LINKEDIN, refreshable().expiringAt(expiry).refreshEndingAt(refreshEnd).build(), ISSUED).warnAt())
                .isEqualTo(refreshEnd.minus(Duration.ofDays(3)));
    }

    @Test
    void anyPlatformsTokenThatCannotBeRenewedIsWarnedOfAndExpires() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(POLICY.plan(Platform.SANDBOX, accessOnlyUntil(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(null, expiry.minus(Duration.ofDays(7)), expiry, expiry, null, false));
    }

    // --- tokens that never expire: periodic health check ---------------------------------------------------

    @Test
    void aTokenThatNeverExpiresIsHealthCheckedAfterTheConfiguredInterval() {
        RefreshPolicy policy = new RefreshPolicy(properties(Map.of(), Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(6)));
        assertThat(policy.plan(Platform.FACEBOOK, accessOnlyUntil(null), ISSUED))
                .isEqualTo(new RefreshPlan(ISSUED.plus(Duration.ofHours(6)), null, null, null, null, true));
    }

    // --- Bluesky: keep the refresh JWT alive; the app password makes it renewable to the end --------------------

    @Test
    void blueskyRefreshesAheadOfTheRefreshJwtsExpiryNotTheAccessJwts() {
        Instant accessExpiry = ISSUED.plus(Duration.ofHours(2));
        Instant refreshExpiry = ISSUED.plus(Duration.ofDays(90));
        Credentials session = blueskySession().expiringAt(accessExpiry).refreshEndingAt(refreshExpiry).build();
        assertThat(POLICY.plan(Platform.BLUESKY, session, ISSUED))
                .isEqualTo(refreshOnly(refreshExpiry.minus(Duration.ofDays(7)), null));
    }

    @Test
    void aShortBlueskyRefreshJwtHasItsMarginCappedToo() {
        Instant refreshExpiry = ISSUED.plus(Duration.ofDays(8));
        Credentials session = blueskySession().expiringAt(ISSUED.plus(Duration.ofHours(2))).refreshEndingAt(refreshExpiry).build();
        assertThat(POLICY.plan(Platform.BLUESKY, session, ISSUED).refreshAt()).isEqualTo(refreshExpiry.minus(Duration.ofDays(2)));
    }

    @Test
    void blueskyWithoutAKnownRefreshExpiryPlansNothing() {
        Credentials session = blueskySession().expiringAt(ISSUED.plus(Duration.ofHours(2))).build();
        assertThat(POLICY.plan(Platform.BLUESKY, session, ISSUED)).isEqualTo(refreshOnly(null, null));
    }

    // --- the plan reads only times, so the saga can keep it -----------------------------------------------------

    @Test
    void planningFromTokenTimesEqualsPlanningFromTheCredentials() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        Instant refreshEnd = ISSUED.plus(Duration.ofDays(365));
        Credentials credentials = refreshable().expiringAt(expiry).refreshEndingAt(refreshEnd).build();
        assertThat(POLICY.plan(Platform.LINKEDIN, new TokenTimes(ISSUED, expiry, refreshEnd, true, false)))
                .isEqualTo(POLICY.plan(Platform.LINKEDIN, credentials, ISSUED));
        assertThat(TokenTimes.of(credentials, ISSUED)).isEqualTo(new TokenTimes(ISSUED, expiry, refreshEnd, true, false));
    }
}
