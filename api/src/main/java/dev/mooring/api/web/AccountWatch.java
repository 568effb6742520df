package dev.mooring.api.web;

import dev.mooring.kernel.query.AccountView;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Optional;

/**
 * One account's subscription query: its row as the read model holds it when the watch opens, then
 * every row the projection writes for it, and the end of the updates when it is disconnected.
 * Opened before a write is sent, so no update of that write can pass unseen. Close it when done.
 */
public final class AccountWatch implements AutoCloseable {

    private final SubscriptionQueryResult<Optional<AccountView>, AccountView> subscription;
    private final Duration timeout;
    private volatile boolean ended;

    AccountWatch(SubscriptionQueryResult<Optional<AccountView>, AccountView> subscription, Duration timeout) {
        this.subscription = subscription;
        this.timeout = timeout;
    }

    /**
     * The row once it reflects the aggregate's event {@code version} or a later one; empty when that
     * does not arrive in time (or the account went away meanwhile).
     */
    public Optional<AccountView> atLeast(long version) {
        return Flux.concat(subscription.initialResult().flatMap(Mono::justOrEmpty), updates())
                .filter(view -> view.version() >= version)
                .next()
                .timeout(timeout, Mono.empty())
                .blockOptional();
    }

    /** True once the projection has removed the account; false when that does not happen in time. */
    public boolean gone() {
        return Boolean.TRUE.equals(updates().then(Mono.just(true))
                .timeout(timeout, Mono.just(false))
                .block());
    }

    private Flux<AccountView> updates() {
        return subscription.updates().doOnComplete(() -> ended = true);
    }

    /** Ends the subscription; one the projection has ended already needs nothing (and Axon refuses a second end). */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        try {
            subscription.close();
        } catch (Sinks.EmissionException alreadyEnded) {
            // the projection ended it between the wait and now: nothing is left to close
        }
    }
}
