package dev.mooring.api.connectpage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param ttl {@code MOORING_CONNECT_PAGE_TTL}: how long a Connect page link may be opened and used
 *            after {@code POST /v1/connect-sessions} made it (default 30 minutes)
 */
@ConfigurationProperties("mooring.connect-page")
public record ConnectPageProperties(@DefaultValue("30m") Duration ttl) {

    public ConnectPageProperties {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalStateException("MOORING_CONNECT_PAGE_TTL must be more than 0 and at most 1 day");
        }
    }
}
