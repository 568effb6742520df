package dev.mooring.command.platform.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.mooring.kernel.FrontDoor;
import java.net.URI;
import java.time.Duration;

/**
 * The built-in sandbox platform ({@code MOORING_SANDBOX_*}): an OAuth 2 server inside Mooring that
 * the sandbox connector talks to over HTTP like any other platform. On by default with the embedded
 * database only. Its client secret is a development value, not a credential worth protecting.
 *
 * @param url                  where the sandbox server is; empty means this instance's own {@code /sandbox}
 * @param accessTokenLifetime  how long its access tokens live (short, so refreshes happen while you watch)
 * @param refreshTokenLifetime how long a refresh token lives; each refresh rotates it
 */
@FrontDoor
@ConfigurationProperties("mooring.sandbox")
public record SandboxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("mooring-sandbox") String clientId,
        @DefaultValue("sandbox-client-secret") String clientSecret,
        URI url,
        @DefaultValue("5m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime) {
}
