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

    /**
     * Whether this answer of the platform's API ({@code status} and its error {@code body}) says the
     * access token expired, so that one refresh and the same call again may succeed. Only that: an
     * answer never revokes by itself; whether the grant is dead is the refresh's to find out, by the
     * lifecycle's rule (only the platform's refusal of this account's grant revokes). Every platform
     * says it with a 400 or a 401, so other answers are never asked about.
     */
    boolean saysTokenExpired(int status, String body);
}
