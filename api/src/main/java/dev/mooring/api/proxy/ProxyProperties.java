package dev.mooring.api.proxy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The platform proxy ({@code MOORING_PROXY_*}).
 *
 * @param maxBody         the largest request body it forwards (media uploads); larger is {@code 413 payload_too_large}
 * @param connectTimeout  how long it waits to connect to the platform
 * @param responseTimeout how long the platform may stay silent once the request is sent, before the
 *                        call answers {@code 503 platform_unavailable}; a slow but flowing answer is not cut
 */
@ConfigurationProperties("mooring.proxy")
public record ProxyProperties(
        @DefaultValue("512MB") DataSize maxBody,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration responseTimeout) {

    public ProxyProperties {
        if (maxBody.isNegative()) {
            throw new IllegalArgumentException("MOORING_PROXY_MAX_BODY must not be negative");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("MOORING_PROXY_CONNECT_TIMEOUT and MOORING_PROXY_RESPONSE_TIMEOUT must be positive");
        }
    }
}
