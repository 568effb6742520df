package dev.mooring.command.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    private static final LifecycleProperties PROPERTIES = new LifecycleProperties(
            new LifecycleProperties.Refresh(Map.of()), Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24),
            Duration.ofSeconds(30), Duration.ofHours(1), 8);

    /** Jitter pinned to the top of the window (just under 1), so the window itself is what is measured. */
    private static final double TOP = Math.nextDown(1.0);

    private static RetryBackoff backoff(double random) {
        return new RetryBackoff(PROPERTIES, () -> random);
    }

    @Test
    void firstRetryWaitsUpToTheConfiguredFirstRetry() {
        assertThat(backoff(0.5).after(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff(TOP).after(1)).isLessThan(Duration.ofSeconds(30)).isGreaterThan(Duration.ofMillis(29_990));
    }

    @Test
    void eachConsecutiveFailureDoublesTheWindow() {
        RetryBackoff backoff = backoff(0.5);
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void theWindowNeverGrowsPastTheConfiguredMaximum() {
        RetryBackoff backoff = backoff(0.5);
        // 30 s · 2^7 = 64 min > 1 h: capped from the 8th failure on
        assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(960));
        assertThat(backoff.after(8)).isEqualTo(Duration.ofMinutes(30));
        assertThat(backoff.after(20)).isEqualTo(Duration.ofMinutes(30));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void jitterStaysBelowTheWindow() {
        assertThat(backoff(TOP).after(3)).isLessThan(Duration.ofSeconds(120)).isGreaterThan(Duration.ofMillis(119_990));
        assertThat(backoff(TOP).after(30)).isLessThan(Duration.ofHours(1)).isGreaterThan(Duration.ofMillis(3_599_990));
    }

    @Test
    void jitterNeverRetriesSoonerThanATenthOfTheWindow() {
        assertThat(backoff(0.0).after(1)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff(0.05).after(3)).isEqualTo(Duration.ofSeconds(12));
        assertThat(backoff(0.0).after(30)).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void jitterAboveTheFloorIsProportionalToTheRandomDraw() {
        assertThat(backoff(0.25).after(1)).isEqualTo(Duration.ofMillis(7_500));
        assertThat(backoff(0.75).after(2)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void noFailureYetCountsAsTheFirst() {
        assertThat(backoff(0.5).after(0)).isEqualTo(backoff(0.5).after(1));
        assertThat(backoff(0.5).after(-3)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aFirstRetryAboveTheMaximumIsCapped() {
        LifecycleProperties inverted = new LifecycleProperties(new LifecycleProperties.Refresh(Map.of()),
                Duration.ofDays(7), Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(2), Duration.ofHours(1), 8);
        assertThat(new RetryBackoff(inverted, () -> 0.5).after(1)).isEqualTo(Duration.ofMinutes(30));
    }
}
