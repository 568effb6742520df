package dev.mooring.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The exceptions to the outbound policy ({@code MOORING_OUTBOUND_*}).
 *
 * @param allowedHosts  {@code MOORING_OUTBOUND_ALLOWED_HOSTS}: comma-separated {@code host[:port]}
 *                      that caller-chosen URLs may reach at any address and over plain http, e.g. a
 *                      PDS self-hosted inside the network
 * @param localWebhooks {@code MOORING_OUTBOUND_LOCAL_WEBHOOKS}: webhook URLs on this machine
 *                      (localhost, 127.x, [::1], over http too); defaults to on with the embedded
 *                      database (a developer's machine) and off otherwise
 */
@ConfigurationProperties("mooring.outbound")
public record OutboundProperties(String allowedHosts, Boolean localWebhooks) {
}
