package dev.mooring.api.proxy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The platform proxy ({@code MOORING_PROXY_*}).
 *
 * @param maxBody         the largest request body it forwards (media uploads); larger is {@code 413 payload_too_large}
 * @param replayMaxBody   the largest request body kept in memory so that the call can be sent again after the
 *                        platform refused an expired token and it was renewed; larger bodies stream, and such a
 *                        call answers {@code 409 token_refreshed_retry} instead
 * @param connectTimeout  how long it waits to connect to the platform
 * @param responseTimeout how long the platform may stay silent once the request is sent, before the
 *                        call answers {@code 503 platform_unavailable}; a slow but flowing answer is not cut
 */
@ConfigurationProperties("mooring.proxy")
public record ProxyProperties(
        @DefaultValue("512MB") DataSize maxBody,
        @DefaultValue("1MB") DataSize replayMaxBody,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration responseTimeout) {

    public ProxyProperties {
        if (maxBody.isNegative()) {
            throw new IllegalArgumentException("MOORING_PROXY_MAX_BODY must not be negative");
        }
        if (replayMaxBody.isNegative() || replayMaxBody.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("MOORING_PROXY_REPLAY_MAX_BODY must be between 0 and 2GB");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("MOORING_PROXY_CONNECT_TIMEOUT and MOORING_PROXY_RESPONSE_TIMEOUT must be positive");
        }
    }
}
