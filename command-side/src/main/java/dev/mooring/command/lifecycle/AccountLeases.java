package dev.mooring.command.lifecycle;

import dev.mooring.command.account.AccountCredentials;
import dev.mooring.command.account.AccountCredentials.Current;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way to hold an account for an exchange with its platform: refresh, verify, disconnect and
 * reconnect all claim it here first, so there is a single order and nothing can deadlock. A claim is
 * a lease in the account's credentials row, taken by one statement and held with no transaction
 * open; a holder that dies simply lets it run out.
 */
@Component
class AccountLeases {

    /** Longer than any upstream exchange can take (connect and read timeouts), so a lease never runs out under a live holder. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** How long a client waits for another exchange with the same account to finish. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Who may hold the account, and what they may find. */
    enum Holder {
        /** The lifecycle: takes the account only if free, live and not revoked; otherwise gets nothing. */
        LIFECYCLE,
        /** A client's refresh or verify: waits its turn; a revoked or foreign account is refused. */
        CLIENT,
        /** A client's disconnect: waits its turn; a revoked account may still be let go of. */
        DISCONNECT
    }

    private final AccountCredentials credentials;
    private final Clock clock;

    AccountLeases(AccountCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * The claimed row, or empty when there is nothing for this holder to do. Throws
     * {@link AccountCommandRefused} to a client when the account is not theirs to touch.
     */
    Optional<Current> claim(AccountId id, WorkspaceId workspace, String owner, Holder holder) {
        Instant giveUpAt = clock.instant().plus(WAIT);
        while (true) {
            Instant now = clock.instant();
            Optional<Current> claimed = credentials.claim(id, owner, now, now.plus(LEASE));
            Optional<Current> row = claimed.isPresent() ? claimed : credentials.find(id);
            boolean visible = row.isPresent() && (workspace == null || row.get().workspaceId().equals(workspace));
            boolean refused = !visible || (row.get().revoked() && holder != Holder.DISCONNECT);
            if (refused) {
                claimed.ifPresent(mine -> credentials.release(id, owner));
                if (holder == Holder.LIFECYCLE || (!visible && holder == Holder.DISCONNECT)) {
                    return Optional.empty();
                }
                if (!visible) {
                    throw new AccountCommandRefused(ErrorCode.NOT_FOUND, "account not found");
                }
                throw new AccountCommandRefused(ErrorCode.PLATFORM_AUTH_FAILED,
                        "account " + id + " is revoked and must be reconnected");
            }
            if (claimed.isPresent() || holder == Holder.LIFECYCLE) {
                return claimed; // the lifecycle leaves a busy account to its holder, who records an outcome
            }
            if (now.isAfter(giveUpAt)) {
                throw new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE,
                        "another exchange with the platform for account " + id + " is still under way; try again shortly");
            }
            pause();
        }
    }

    /** The row as it is, without claiming it: for deciding whether a claim is worth taking. */
    Optional<Current> peek(AccountId id) {
        return credentials.find(id);
    }

    void release(AccountId id, String owner) {
        credentials.release(id, owner);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountCommandRefused(ErrorCode.PLATFORM_UNAVAILABLE, "interrupted while waiting for the account");
        }
    }
}
