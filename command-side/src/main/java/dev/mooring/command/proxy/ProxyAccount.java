package dev.mooring.command.proxy;

import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.FrontDoor;

/**
 * One account as a proxied call uses it: where its calls go with which credentials, and the sealed
 * access token they came from, which names the token to renew when the platform refuses it as expired.
 */
@FrontDoor
public record ProxyAccount(ProxyTarget target, EncryptedSecret accessToken) {

    @Override
    public String toString() {
        return "ProxyAccount[" + target.platform().wireName() + ", credentials redacted]";
    }
}
