package dev.mooring.api.proxy;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.web.Blocking;
import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.RateLimitReader;
import dev.mooring.command.proxy.ProxyRateLimits;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.query.RateLimit;
import dev.mooring.query.accounts.AccountRateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The platform's rate limits around one proxied call. Before it: a call to an endpoint family the
 * platform said is spent (nothing remaining, or a 429 seen) until a reset still ahead answers
 * {@code 429 rate_limited} at once, naming the reset, with {@code Retry-After}, and nothing goes
 * upstream. After it: what the answer's rate-limit headers (and a 429's {@code Retry-After}) say is
 * recorded for the account, which shows it as {@code rateLimits}. The platform's own 429 still passes
 * through as it came. The records are in the shared database, so every instance refuses alike.
 */
@Component
class RateLimitGuard {

    private static final Logger log = LoggerFactory.getLogger(RateLimitGuard.class);

    private final AccountRateLimits records;
    private final ProxyRateLimits readers;
    private final Clock clock;

    RateLimitGuard(AccountRateLimits records, ProxyRateLimits readers, Clock clock) {
        this.records = records;
        this.readers = readers;
        this.clock = clock;
    }

    /** The limits of one call of {@code account} to {@code uri}. */
    Call call(AccountId account, ProxyTarget target, URI uri) {
        return new Call(account, target, readers.of(target.platform()), path(target.base(), uri));
    }

    final class Call {

        private final AccountId account;
        private final ProxyTarget target;
        private final RateLimitReader reader;
        private final String path;

        private Call(AccountId account, ProxyTarget target, RateLimitReader reader, String path) {
            this.account = account;
            this.target = target;
            this.reader = reader;
            this.path = path;
        }

        /** Completes when the call may go; fails with {@code rate_limited} when a family it spends from is spent. */
        Mono<Void> admit() {
            return Blocking.run(() -> {
                Instant now = clock.instant();
                records.of(account).stream()
                        .filter(limit -> limit.exhaustedAt(now) && reader.spendsFrom(path, limit.family()))
                        .max(Comparator.comparing(RateLimit::resetAt))
                        .ifPresent(spent -> {
                            throw spent(spent, now);
                        });
            });
        }

        /** Records what {@code answer} says of the account's limits; a failure to record never fails the call. */
        Mono<Void> record(ClientResponse answer) {
            List<RateLimit> seen = reader.observe(path, answer.statusCode().value(), answer.headers().asHttpHeaders(), clock.instant());
            if (seen.isEmpty()) {
                return Mono.empty();
            }
            return Blocking.run(() -> records.record(account, seen)).onErrorResume(failure -> {
                log.warn("the rate limits of a {} answer were not recorded: {}", target.platform().wireName(),
                        failure.getClass().getSimpleName());
                return Mono.empty();
            });
        }

        private ApiException spent(RateLimit spent, Instant now) {
            return new ApiException(ErrorCode.RATE_LIMITED, target.platform().wireName() + " said this account's "
                    + spent.family() + " calls are spent until " + spent.resetAt() + "; the call was not sent",
                    "call again after Retry-After seconds, at " + spent.resetAt(), Duration.between(now, spent.resetAt()));
        }
    }

    /** The call's path under the platform's base, without the leading slash: what families are named from. */
    static String path(URI base, URI uri) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.startsWith(basePath + "/")) {
            path = path.substring(basePath.length());
        }
        return path.replaceAll("^/+", "");
    }
}
