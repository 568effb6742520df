package dev.mooring.query.accounts;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.query.RateLimit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private static final String COLUMNS = "account_id, family, rate_limit, remaining, reset_at, percent_used, observed_at";

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
        return jdbi.withHandle(handle -> of(handle, List.of(account.value()))).getOrDefault(account.value(), List.of());
    }

    /** The limits of each of {@code accountIds} that has any, in one query. */
    Map<String, List<RateLimit>> of(Handle handle, Collection<String> accountIds) {
        Map<String, List<RateLimit>> byAccount = new HashMap<>();
        if (accountIds.isEmpty()) {
            return byAccount;
        }
        handle.createQuery("select " + COLUMNS + " from account_rate_limits where account_id = any(:ids) order by account_id, family")
                .bindArray("ids", String.class, accountIds)
                .map((rs, ctx) -> Map.entry(rs.getString("account_id"), limit(rs)))
                .forEach(entry -> byAccount.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(entry.getValue()));
        byAccount.replaceAll((id, limits) -> List.copyOf(limits));
        return byAccount;
    }

    private static RateLimit limit(ResultSet rs) throws SQLException {
        return new RateLimit(rs.getString("family"), (Long) rs.getObject("rate_limit"), (Long) rs.getObject("remaining"),
                instant(rs, "reset_at"), (Integer) rs.getObject("percent_used"), instant(rs, "observed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
