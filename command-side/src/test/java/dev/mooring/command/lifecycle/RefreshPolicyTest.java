package dev.mooring.command.lifecycle;

import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.Credentials;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshPolicyTest {

    private static final Instant ISSUED = Instant.parse("2026-03-02T09:00:00Z");
    private static final EncryptedSecret ACCESS = new EncryptedSecret("ct-access");
    private static final EncryptedSecret REFRESH = new EncryptedSecret("ct-refresh");
    private static final EncryptedSecret APP_PASSWORD = new EncryptedSecret("ct-app-password");

    private static LifecycleProperties defaults() {
        return new LifecycleProperties(null, Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24),
                Duration.ofSeconds(30), Duration.ofHours(1));
    }

    private static final RefreshPolicy POLICY = new RefreshPolicy(defaults());

    private static Credentials refreshable(Instant expiresAt) {
        return new Credentials(ACCESS, REFRESH, null, expiresAt, null);
    }

    private static Credentials accessOnly(Instant expiresAt) {
        return new Credentials(ACCESS, null, null, expiresAt, null);
    }

    // --- refreshable tokens: refresh a platform margin ahead, expire at expiry ------------------

    @Test
    void xRefreshesFiveMinutesBeforeExpiry() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(POLICY.plan(Platform.X, refreshable(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(expiry.minus(Duration.ofMinutes(5)), null, expiry, false));
    }

    @Test
    void pinterestRefreshesADayBeforeExpiry() {
        Instant expiry = ISSUED.plus(Duration.ofDays(30));
        assertThat(POLICY.plan(Platform.PINTEREST, refreshable(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(expiry.minus(Duration.ofHours(24)), null, expiry, false));
    }

    @Test
    void sandboxRefreshesAMinuteBeforeExpiryByDefault() {
        Instant expiry = ISSUED.plus(Duration.ofMinutes(5));
        assertThat(POLICY.plan(Platform.SANDBOX, refreshable(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofMinutes(1)));
    }

    @Test
    void linkedInWithARefreshTokenRefreshesAWeekBeforeExpiryAndIsNeverWarnedAbout() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.LINKEDIN, refreshable(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(expiry.minus(Duration.ofDays(7)), null, expiry, false));
    }

    @Test
    void aPlatformWithoutADefaultMarginRefreshesFiveMinutesAhead() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.FACEBOOK, refreshable(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofMinutes(5)));
    }

    // --- configured margins ----------------------------------------------------------------------

    @Test
    void aConfiguredMarginReplacesThePlatformDefault() {
        RefreshPolicy policy = new RefreshPolicy(new LifecycleProperties(
                Map.of(Platform.X, Duration.ofMinutes(15), Platform.SANDBOX, Duration.ofSeconds(20)),
                Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1)));
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(policy.plan(Platform.X, refreshable(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofMinutes(15)));
        assertThat(policy.plan(Platform.SANDBOX, refreshable(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofSeconds(20)));
    }

    @Test
    void platformsWithoutAConfiguredMarginKeepTheirDefault() {
        RefreshPolicy policy = new RefreshPolicy(new LifecycleProperties(Map.of(Platform.X, Duration.ofMinutes(15)),
                Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1)));
        Instant expiry = ISSUED.plus(Duration.ofDays(30));
        assertThat(policy.plan(Platform.PINTEREST, refreshable(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofHours(24)));
    }

    // --- Instagram and Threads: the long-lived token refreshes itself, never before it is a day old

    @Test
    void instagramRefreshesWellBeforeItsSixtyDaysWithoutARefreshToken() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.INSTAGRAM, accessOnly(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(expiry.minus(Duration.ofDays(20)), null, expiry, false));
    }

    @Test
    void instagramNeverRefreshesATokenYoungerThanADay() {
        Instant expiry = ISSUED.plus(Duration.ofDays(2));
        assertThat(POLICY.plan(Platform.INSTAGRAM, accessOnly(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(ISSUED.plus(Duration.ofHours(24)), null, expiry, false));
    }

    @Test
    void threadsNeverRefreshesATokenYoungerThanADay() {
        Instant expiry = ISSUED.plus(Duration.ofDays(20)); // the 20-day margin would say "now"
        assertThat(POLICY.plan(Platform.THREADS, accessOnly(expiry), ISSUED).refreshAt())
                .isEqualTo(ISSUED.plus(Duration.ofHours(24)));
    }

    @Test
    void threadsRefreshesAtItsMarginOnceThatIsPastTheMinimumAge() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.THREADS, accessOnly(expiry), ISSUED).refreshAt())
                .isEqualTo(expiry.minus(Duration.ofDays(20)));
    }

    @Test
    void theMinimumTokenAgeIsConfiguration() {
        RefreshPolicy policy = new RefreshPolicy(new LifecycleProperties(null, Duration.ofDays(7), Duration.ofHours(36),
                Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1)));
        Instant expiry = ISSUED.plus(Duration.ofDays(3));
        assertThat(policy.plan(Platform.INSTAGRAM, accessOnly(expiry), ISSUED).refreshAt())
                .isEqualTo(ISSUED.plus(Duration.ofHours(36)));
    }

    @Test
    void theMinimumTokenAgeAppliesOnlyToInstagramAndThreads() {
        Instant expiry = ISSUED.plus(Duration.ofHours(2));
        assertThat(POLICY.plan(Platform.X, refreshable(expiry), ISSUED).refreshAt())
                .isBefore(ISSUED.plus(Duration.ofHours(24)));
    }

    // --- unrefreshable tokens: warn ahead, expire at expiry ----------------------------------------

    @Test
    void linkedInWithoutARefreshTokenIsWarnedAboutAWeekAheadAndExpires() {
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(POLICY.plan(Platform.LINKEDIN, accessOnly(expiry), ISSUED))
                .isEqualTo(new RefreshPlan(null, expiry.minus(Duration.ofDays(7)), expiry, false));
    }

    @Test
    void theWarningLeadIsConfiguration() {
        RefreshPolicy policy = new RefreshPolicy(new LifecycleProperties(null, Duration.ofDays(3), Duration.ofHours(24),
                Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1)));
        Instant expiry = ISSUED.plus(Duration.ofDays(60));
        assertThat(policy.plan(Platform.LINKEDIN, accessOnly(expiry), ISSUED).warnAt())
                .isEqualTo(expiry.minus(Duration.ofDays(3)));
    }

    // --- tokens that never expire: periodic health check --------------------------------------------

    @Test
    void aTokenThatNeverExpiresIsHealthCheckedAfterTheConfiguredInterval() {
        RefreshPolicy policy = new RefreshPolicy(new LifecycleProperties(null, Duration.ofDays(7), Duration.ofHours(24),
                Duration.ofHours(6), Duration.ofSeconds(30), Duration.ofHours(1)));
        assertThat(policy.plan(Platform.FACEBOOK, accessOnly(null), ISSUED))
                .isEqualTo(new RefreshPlan(ISSUED.plus(Duration.ofHours(6)), null, null, true));
    }

    // --- Bluesky: keep the refresh JWT alive ---------------------------------------------------------

    @Test
    void blueskyRefreshesAheadOfTheRefreshJwtsExpiryNotTheAccessJwts() {
        Instant accessExpiry = ISSUED.plus(Duration.ofHours(2));
        Instant refreshExpiry = ISSUED.plus(Duration.ofDays(90));
        Credentials session = new Credentials(ACCESS, REFRESH, APP_PASSWORD, accessExpiry, refreshExpiry);
        assertThat(POLICY.plan(Platform.BLUESKY, session, ISSUED))
                .isEqualTo(new RefreshPlan(refreshExpiry.minus(Duration.ofDays(7)), null, null, false));
    }

    @Test
    void blueskyWithoutAKnownRefreshExpiryPlansNothing() {
        Credentials session = new Credentials(ACCESS, REFRESH, APP_PASSWORD, ISSUED.plus(Duration.ofHours(2)), null);
        assertThat(POLICY.plan(Platform.BLUESKY, session, ISSUED))
                .isEqualTo(new RefreshPlan(null, null, null, false));
    }
}
