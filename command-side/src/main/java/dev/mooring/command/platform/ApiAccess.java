package dev.mooring.command.platform;

import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;

/**
 * One platform's side of the proxy: where an account's API calls go, how its credentials ride
 * along, and how its answers report rate limits. Each platform answers this in its own package,
 * from its own settings.
 */
public interface ApiAccess {

    Platform platform();

    /** How the platform's answers report its rate limits, and the endpoint families its calls spend from. */
    RateLimitReader rateLimits();

    /** The base, credentials and upload hosts of calls made as the account holding {@code credentials}. */
    ProxyTarget target(PlainCredentials credentials);
}
