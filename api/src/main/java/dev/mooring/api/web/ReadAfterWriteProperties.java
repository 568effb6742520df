package dev.mooring.api.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param timeout {@code MOORING_READ_AFTER_WRITE_TIMEOUT}: how long a write route waits for the read
 *                model to show its write before it answers {@code 202 Accepted} with the account's
 *                location instead of the account
 */
@ConfigurationProperties("mooring.read-after-write")
public record ReadAfterWriteProperties(Duration timeout) {

    public ReadAfterWriteProperties {
        if (timeout == null) {
            timeout = Duration.ofSeconds(5);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("MOORING_READ_AFTER_WRITE_TIMEOUT must be positive, e.g. 5s");
        }
    }

    /** Refuses a wait the request itself would not outlive. */
    public void requireWithin(Duration requestTimeout) {
        if (timeout.compareTo(requestTimeout) >= 0) {
            throw new IllegalStateException("MOORING_READ_AFTER_WRITE_TIMEOUT must stay under the API's own timeout "
                    + "(MOORING_REQUEST_TIMEOUT, " + requestTimeout.toSeconds() + " s)");
        }
    }
}
