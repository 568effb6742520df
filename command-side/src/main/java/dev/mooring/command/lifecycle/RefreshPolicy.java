package dev.mooring.command.lifecycle;

import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.Credentials;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Each platform's refresh strategy (design.md, "Token lifecycle"), as one pure function of the
 * credentials' times. The saga and the refresher both ask it, so "is a refresh due?" has one answer.
 * An access token's expiry is no death while the credentials can be renewed: only credentials that
 * nothing can renew get an expiry.
 */
@Component
class RefreshPolicy {

    /**
     * A margin never takes more than this share of a token's life, so a margin set for 2-hour tokens
     * does not refresh a 60-second token every second.
     */
    static final double MAX_MARGIN_SHARE = 0.25;

    private final LifecycleProperties properties;

    public RefreshPolicy(LifecycleProperties properties) {
        this.properties = properties;
    }

    public RefreshPlan plan(Platform platform, Credentials credentials, Instant issuedAt) {
        return plan(platform, TokenTimes.of(credentials, issuedAt));
    }

    public RefreshPlan plan(Platform platform, TokenTimes times) {
        Instant expiresAt = times.expiresAt();
        if (platform == Platform.BLUESKY) {
            // access JWTs are renewed on demand; what must not lapse is the refresh JWT, and even
            // then the stored app password starts a new session
            Instant refreshExpiry = times.refreshExpiresAt();
            return refreshExpiry == null ? new RefreshPlan(null, null, null, null, null, false)
                    : new RefreshPlan(refreshExpiry.minus(margin(platform, times.issuedAt(), refreshExpiry)),
                    null, null, null, null, false);
        }
        if (expiresAt == null) {
            return new RefreshPlan(times.issuedAt().plus(properties.healthCheckEvery()), null, null, null, null, true);
        }
        if (!renewable(platform, times)) {
            Instant warnAt = expiresAt.minus(properties.warnAhead());
            return new RefreshPlan(null, warnAt, expiresAt, expiresAt, null, false);
        }
        Instant refreshAt = expiresAt.minus(margin(platform, times.issuedAt(), expiresAt));
        if (platform == Platform.INSTAGRAM || platform == Platform.THREADS) {
            Instant oldEnough = times.issuedAt().plus(properties.minimumTokenAge());
            refreshAt = refreshAt.isBefore(oldEnough) ? oldEnough : refreshAt;
        }
        // where the token renews itself (Instagram, Threads) its own expiry is the end of renewing;
        // an app password (Bluesky) outlives any session
        Instant refreshEndsAt = times.appPassword() ? null : times.refreshToken() ? times.refreshExpiresAt() : expiresAt;
        if (refreshEndsAt != null && !refreshExtendsItsEnd(platform)) {
            // LinkedIn's partner refresh token ends 365 days after the first consent whatever happens
            return new RefreshPlan(refreshAt, refreshEndsAt.minus(properties.warnAhead()), refreshEndsAt, null,
                    refreshEndsAt, false);
        }
        return new RefreshPlan(refreshAt, null, null, null, refreshEndsAt, false);
    }

    /**
     * Whether the access token itself is inside its margin (or past its expiry) and can be renewed:
     * a caller about to be handed it should get a fresh one. Unlike {@link #plan}, this looks at the
     * access token even where the lifecycle renews on demand (Bluesky).
     */
    public boolean accessTokenDue(Platform platform, TokenTimes times, Instant now) {
        Instant expiresAt = times.expiresAt();
        return expiresAt != null && renewable(platform, times)
                && !now.isBefore(expiresAt.minus(margin(platform, times.issuedAt(), expiresAt)));
    }

    /** The configured margin, capped at a share of the token's life as issued. */
    Duration margin(Platform platform, Instant issuedAt, Instant expiresAt) {
        Duration configured = properties.marginFor(platform);
        Duration life = Duration.between(issuedAt, expiresAt);
        if (life.isNegative() || life.isZero()) {
            return configured;
        }
        Duration cap = Duration.ofMillis((long) (life.toMillis() * MAX_MARGIN_SHARE));
        return configured.compareTo(cap) > 0 ? cap : configured;
    }

    private static boolean renewable(Platform platform, TokenTimes times) {
        return times.refreshToken() || times.appPassword() || platform == Platform.INSTAGRAM || platform == Platform.THREADS;
    }

    /** Whether a refresh gives the refresh token a new end: true where it rotates (X, Pinterest, ...). */
    private static boolean refreshExtendsItsEnd(Platform platform) {
        return platform != Platform.LINKEDIN;
    }
}
