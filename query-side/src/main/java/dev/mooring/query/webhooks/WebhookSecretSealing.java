package dev.mooring.query.webhooks;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * At every start, before any delivery is sent: seals the signing secrets stored in clear before they
 * were sealed, the rotated-out ones included, and re-seals those sealed under a master key that is no
 * longer the newest, so a master key rotation carries them along and the old key can go. Each row is
 * swapped only if it still holds what was read, so a rotation meanwhile is never undone.
 */
@Component
class WebhookSecretSealing implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretSealing.class);

    private final Jdbi jdbi;
    private final WebhookSecrets secrets;

    WebhookSecretSealing(Jdbi jdbi, WebhookSecrets secrets) {
        this.jdbi = jdbi;
        this.secrets = secrets;
    }

    private record Stored(String endpointId, String secret, String previousSecret) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Stored> stale = jdbi.withHandle(handle -> handle.createQuery(
                        "select endpoint_id, secret, previous_secret from webhook_endpoints order by endpoint_id")
                .map((rs, ctx) -> new Stored(rs.getString("endpoint_id"), rs.getString("secret"),
                        rs.getString("previous_secret")))
                .list()).stream()
                .filter(row -> !secrets.isSealedUnderNewestKey(row.secret())
                        || (row.previousSecret() != null && !secrets.isSealedUnderNewestKey(row.previousSecret())))
                .toList();
        int resealed = 0;
        for (Stored row : stale) {
            resealed += jdbi.withHandle(handle -> handle.createUpdate("""
                            update webhook_endpoints set secret = :secret, previous_secret = :previous
                            where endpoint_id = :id and secret = :oldSecret
                              and previous_secret is not distinct from cast(:oldPrevious as text)""")
                    .bind("id", row.endpointId())
                    .bind("secret", reseal(row.endpointId(), row.secret()))
                    .bind("previous", row.previousSecret() == null ? null : reseal(row.endpointId(), row.previousSecret()))
                    .bind("oldSecret", row.secret())
                    .bind("oldPrevious", row.previousSecret())
                    .execute());
        }
        if (resealed > 0) {
            log.info("Sealed the signing secrets of {} webhook endpoints under the newest master key", resealed);
        }
    }

    private String reseal(String endpointId, String stored) {
        return secrets.isSealedUnderNewestKey(stored) ? stored : secrets.seal(endpointId, secrets.open(endpointId, stored));
    }
}
