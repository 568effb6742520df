package dev.mooring.api.timeout;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code MOORING_REQUEST_TIMEOUT}: how long a request waits for its blocking work (JDBC, the command
 * and query buses, a platform) before it answers 503 {@code platform_unavailable}.
 */
@ConfigurationProperties("mooring.request")
public record RequestTimeoutProperties(@DefaultValue("15s") Duration timeout) {

    public RequestTimeoutProperties {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("MOORING_REQUEST_TIMEOUT must be positive");
        }
    }
}
