package dev.mooring.command.platform;

import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.UpstreamRevocation;

import java.time.Instant;
import java.util.Optional;

/**
 * One platform's way of keeping stored credentials alive. Failures are {@link PlatformFailure}s:
 * {@code AUTH_FAILED} means the credentials are dead, {@code UNAVAILABLE} that it may pass.
 */
public interface CredentialsKeeper {

    Platform platform();

    /**
     * New credentials from the current ones, issued at {@code issuedAt}; keeps what the platform
     * did not replace. Throws {@link TokenTooYoung}, without calling upstream, where the platform
     * refuses to refresh a token that young.
     */
    PlainCredentials refresh(PlainCredentials current, Instant issuedAt);

    /**
     * Checks the credentials upstream now with a cheap call. Answers the credentials to store when
     * the check had to renew them (a platform whose session expired), empty when they were fine.
     */
    Optional<PlainCredentials> verify(PlainCredentials current);

    /**
     * Asks the platform to end just this grant, when Mooring lets go of it (disconnect, or a
     * reconnect that replaced it). Throws {@link PlatformFailure} when the platform could not be
     * asked or refused; platforms with no such call answer {@link UpstreamRevocation#NOT_SUPPORTED}.
     */
    default UpstreamRevocation revoke(PlainCredentials current) {
        return UpstreamRevocation.NOT_SUPPORTED;
    }
}
