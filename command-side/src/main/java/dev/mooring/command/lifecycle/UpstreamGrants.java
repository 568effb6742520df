package dev.mooring.command.lifecycle;

import dev.mooring.command.platform.CredentialsKeepers;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.command.vault.SecretUnreadable;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets go of an account's grant at its platform where the platform can end just that grant, so a
 * refresh token recovered from a backup is worth nothing once Mooring no longer holds the account.
 * Best effort: an outage or refusal is reported, never in the way of the disconnect or reconnect.
 */
@Component
public class UpstreamGrants {

    private static final Logger log = LoggerFactory.getLogger(UpstreamGrants.class);

    /** A platform that takes longer is recorded as not reached; the call may still land on its own. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final CredentialsKeepers keepers;
    private final CredentialsSealer sealer;
    private final ExecutorService calls = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "upstream-revoke");
        thread.setDaemon(true);
        return thread;
    });

    UpstreamGrants(CredentialsKeepers keepers, CredentialsSealer sealer) {
        this.keepers = keepers;
        this.sealer = sealer;
    }

    /** Revokes the grant these sealed credentials belong to; must be called while their data key still exists. */
    public UpstreamRevocation revoke(AccountId account, Platform platform, Credentials sealed) {
        try {
            return revoke(account, platform, sealer.open(account, sealed));
        } catch (SecretUnreadable unreadable) {
            log.warn("grant of {} could not be revoked: {}", account, unreadable.getMessage());
            return UpstreamRevocation.FAILED;
        }
    }

    /**
     * Revokes the grant a reconnect replaced, without making anyone wait for it; the connect has
     * committed, so nothing here (not even an unreadable secret) may fail it.
     */
    public void revokeInBackground(AccountId account, Platform platform, Credentials replaced) {
        calls.execute(() -> revoke(account, platform, replaced));
    }

    /** Revokes the grant a connect had just received when the connect failed. */
    public void revokeInBackground(Platform platform, PlainCredentials received) {
        calls.execute(() -> revoke(null, platform, received));
    }

    private UpstreamRevocation revoke(AccountId account, Platform platform, PlainCredentials plain) {
        var keeper = keepers.find(platform);
        if (keeper.isEmpty()) {
            return UpstreamRevocation.NOT_SUPPORTED;
        }
        try {
            UpstreamRevocation outcome = CompletableFuture.supplyAsync(() -> keeper.get().revoke(plain), calls)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("grant of {} at {}: {}", account, platform.wireName(), outcome.wireName());
            return outcome;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            log.warn("grant of {} could not be revoked at {}: {}", account, platform.wireName(),
                    cause instanceof PlatformFailure failure ? failure.kind() + " (" + failure.upstreamError() + ")"
                            : cause.getClass().getSimpleName());
            return UpstreamRevocation.FAILED;
        } catch (TimeoutException slow) {
            log.warn("grant of {} at {}: no answer within {}", account, platform.wireName(), WAIT);
            return UpstreamRevocation.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UpstreamRevocation.FAILED;
        }
    }
}
