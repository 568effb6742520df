package dev.mooring.command.lifecycle;

import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.Credentials;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Each platform's refresh strategy (design.md, "Token lifecycle"), as one pure function of the
 * credentials and when they were issued. The saga and the refresher both ask it, so "is a refresh
 * due?" has one answer.
 */
@Component
public class RefreshPolicy {

    private final LifecycleProperties properties;

    public RefreshPolicy(LifecycleProperties properties) {
        this.properties = properties;
    }

    public RefreshPlan plan(Platform platform, Credentials credentials, Instant issuedAt) {
        Instant expiresAt = credentials.expiresAt();
        boolean refreshable = credentials.refreshToken() != null || credentials.appPassword() != null
                || platform == Platform.INSTAGRAM || platform == Platform.THREADS;
        if (platform == Platform.BLUESKY) {
            // access JWTs are renewed on demand; what must never lapse is the refresh JWT
            Instant refreshExpiry = credentials.refreshExpiresAt();
            return new RefreshPlan(refreshExpiry == null ? null : refreshExpiry.minus(properties.marginFor(platform)),
                    null, null, false);
        }
        if (expiresAt == null) {
            return new RefreshPlan(issuedAt.plus(properties.healthCheckEvery()), null, null, true);
        }
        if (!refreshable) {
            return new RefreshPlan(null, expiresAt.minus(properties.warnAhead()), expiresAt, false);
        }
        Instant refreshAt = expiresAt.minus(properties.marginFor(platform));
        if (platform == Platform.INSTAGRAM || platform == Platform.THREADS) {
            Instant oldEnough = issuedAt.plus(properties.minimumTokenAge());
            refreshAt = refreshAt.isBefore(oldEnough) ? oldEnough : refreshAt;
        }
        return new RefreshPlan(refreshAt, null, expiresAt, false);
    }
}
