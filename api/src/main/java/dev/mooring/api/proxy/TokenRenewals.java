package dev.mooring.api.proxy;

import dev.mooring.command.lifecycle.AccountRefresher;
import dev.mooring.command.lifecycle.RefreshOutcome;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.WorkspaceId;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Renewals of tokens the platform refused as expired, one at a time per account in this instance:
 * proxied calls that meet the same expiry together wait for the one renewal under way instead of
 * each asking the lifecycle. Across instances the lifecycle's lease and its check of the claimed row
 * ({@link AccountRefresher#renewRefused}) make it one refresh as well.
 */
@Component
class TokenRenewals {

    private final AccountRefresher refresher;
    private final ConcurrentMap<AccountId, CompletableFuture<RefreshOutcome>> underWay = new ConcurrentHashMap<>();

    TokenRenewals(AccountRefresher refresher) {
        this.refresher = refresher;
    }

    /**
     * The outcome of renewing the account's {@code refused} token, or of the renewal already under
     * way. A caller who hangs up leaves the renewal running for the others (and for the store of what
     * the platform rotated).
     */
    Mono<RefreshOutcome> renew(AccountId id, WorkspaceId workspace, EncryptedSecret refused) {
        return Mono.defer(() -> {
            CompletableFuture<RefreshOutcome> mine = new CompletableFuture<>();
            CompletableFuture<RefreshOutcome> running = underWay.putIfAbsent(id, mine);
            if (running == null) {
                refresher.renewRefused(id, workspace, refused).whenComplete((outcome, failure) -> {
                    underWay.remove(id, mine);
                    if (failure != null) {
                        mine.completeExceptionally(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                                ? wrapped.getCause() : failure);
                    } else {
                        mine.complete(outcome);
                    }
                });
                running = mine;
            }
            // each waiter gets its own copy: cancelling it never cancels the shared renewal
            return Mono.fromFuture(running.copy());
        });
    }
}
