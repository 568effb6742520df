package dev.mooring.api.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param retention {@code MOORING_IDEMPOTENCY_RETENTION}: how long a key and its stored answer are
 *                  kept after the first request; a key sent again later starts afresh
 */
@ConfigurationProperties("mooring.idempotency")
public record IdempotencyProperties(Duration retention) {

    public IdempotencyProperties {
        if (retention == null) {
            retention = Duration.ofHours(24);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalStateException("MOORING_IDEMPOTENCY_RETENTION must be positive, e.g. 24h");
        }
    }
}
