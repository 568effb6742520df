package dev.mooring.command.proxy;

import dev.mooring.command.platform.ApiAccess;
import dev.mooring.command.platform.ApiAccesses;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

/** How each platform's answers to proxied calls report its rate limits: its connector's word. */
@FrontDoor
@Component
public class ProxyRateLimits {

    private final ApiAccesses accesses;

    public ProxyRateLimits(ApiAccesses accesses) {
        this.accesses = accesses;
    }

    /** {@code platform}'s reader; none for a platform without API access. */
    public RateLimitReader of(Platform platform) {
        return accesses.find(platform).map(ApiAccess::rateLimits).orElse(RateLimitReader.NONE);
    }
}
