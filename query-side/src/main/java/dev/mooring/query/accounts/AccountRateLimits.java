package dev.mooring.query.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.query.RateLimit;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Each account's rate limits as the platform last reported them, by endpoint family
 * ({@code account_rate_limits}): the proxy records every answer's, the account shows them, and the
 * proxy refuses a call to a family that is spent until its reset. A newer observation replaces an
 * older one, never the other way round (answers of concurrent calls arrive in any order). The caller
 * chooses the paths a family is named from, so an account keeps at most {@value #MAX_FAMILIES}
 * families of at most {@value #MAX_FAMILY_LENGTH} characters: new ones past that are not recorded.
 */
@FrontDoor
@Component
public class AccountRateLimits {

    static final int MAX_FAMILIES = 32;
    static final int MAX_FAMILY_LENGTH = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public AccountRateLimits(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(AccountId account, List<RateLimit> limits) {
        List<RateLimit> kept = limits.stream()
                .filter(limit -> !limit.family().isEmpty() && limit.family().length() <= MAX_FAMILY_LENGTH)
                .toList();
        if (kept.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> kept.forEach(limit -> handle.createUpdate("""
                        insert into account_rate_limits (account_id, family, rate_limit, remaining, reset_at, percent_used, observed_at)
                        select :accountId, :family, :limit, :remaining, :resetAt, :percentUsed, :observedAt
                        where exists (select 1 from account_rate_limits where account_id = :accountId and family = :family)
                           or (select count(*) from account_rate_limits where account_id = :accountId) < :maxFamilies
                        on conflict (account_id, family) do update set
                            rate_limit = excluded.rate_limit, remaining = excluded.remaining, reset_at = excluded.reset_at,
                            percent_used = excluded.percent_used, observed_at = excluded.observed_at
                        where account_rate_limits.observed_at <= excluded.observed_at""")
                .bind("accountId", account.value())
                .bind("family", limit.family())
                .bind("limit", limit.limit())
                .bind("remaining", limit.remaining())
                .bind("resetAt", limit.resetAt())
                .bind("percentUsed", limit.percentUsed())
                .bind("observedAt", limit.observedAt())
                .bind("maxFamilies", MAX_FAMILIES)
                .execute()));
    }

    /** The account's limits, by family name. */
    public List<RateLimit> of(AccountId account) {
        return fromAggregate(jdbi.withHandle(handle -> handle.createQuery("select " + aggregatedFor(":accountId"))
                .bind("accountId", account.value())
                .mapTo(String.class)
                .findOne() // empty too when the account has no limits: the aggregate is null
                .orElse(null)));
    }

    /**
     * An SQL expression of the limits of the account {@code accountId} names (a column or a
     * parameter), as one JSON array by family name, or null when it has none: a read of account rows
     * takes them in its own query. {@link #fromAggregate} reads it.
     */
    static String aggregatedFor(String accountId) {
        return """
                (select json_agg(json_build_object('family', family, 'limit', rate_limit, 'remaining', remaining,
                        'resetAt', reset_at, 'percentUsed', percent_used, 'observedAt', observed_at) order by family)
                 from account_rate_limits limits where limits.account_id = %s)""".formatted(accountId);
    }

    static List<RateLimit> fromAggregate(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<RateLimit> limits = new ArrayList<>();
            for (JsonNode limit : JSON.readTree(json)) {
                limits.add(new RateLimit(limit.path("family").asText(), longOrNull(limit.path("limit")),
                        longOrNull(limit.path("remaining")), instantOrNull(limit.path("resetAt")),
                        limit.path("percentUsed").isNull() ? null : limit.path("percentUsed").asInt(),
                        instantOrNull(limit.path("observedAt"))));
            }
            return List.copyOf(limits);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read an account's rate limits", e);
        }
    }

    private static Long longOrNull(JsonNode value) {
        return value.isNull() ? null : value.asLong();
    }

    /** PostgreSQL writes a timestamptz into JSON as ISO 8601 with the session's offset. */
    private static Instant instantOrNull(JsonNode value) {
        return value.isNull() ? null : OffsetDateTime.parse(value.asText()).toInstant();
    }
}
