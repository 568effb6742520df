package dev.mooring.kernel.query;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * What a platform last said about one of an account's rate limits, for one endpoint family it
 * names (X: {@code 2/tweets}; Graph: {@code app} or a business use case such as {@code pages}).
 * Platforms count in calls ({@code limit}, {@code remaining}) or in percent of a budget
 * ({@code percentUsed}, Meta); the fields a platform does not give are null.
 *
 * @param resetAt    when the window ends and the limit is whole again; null when the platform did not say
 * @param observedAt when the platform's answer said so: {@code remaining} is as of then
 */
public record RateLimit(String family, Long limit, Long remaining, Instant resetAt, Integer percentUsed, Instant observedAt) {

    /** Whether calls to this family are refused upstream at {@code now}: nothing left, and a known reset still ahead. */
    @JsonIgnore
    public boolean exhaustedAt(Instant now) {
        boolean spent = (remaining != null && remaining <= 0) || (percentUsed != null && percentUsed >= 100);
        return spent && resetAt != null && resetAt.isAfter(now);
    }
}
