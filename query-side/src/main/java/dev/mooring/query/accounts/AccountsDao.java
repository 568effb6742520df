package dev.mooring.query.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.query.AccountPage;
import dev.mooring.kernel.query.AccountView;
import dev.mooring.kernel.query.FindAccountById;
import dev.mooring.kernel.query.FindAccounts;
import dev.mooring.kernel.query.RefreshFailing;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The accounts read model's tables. Every write names the table it goes to (the live projection's
 * current one, or a rebuild's) and is guarded by the aggregate version it reflects, so an event
 * handled twice (a retry, a replay over a live table) never moves a row backwards. Reads go through
 * the {@code accounts} view, which answers from the table {@code read_model_version} names.
 */
@Component
class AccountsDao {

    /**
     * A row's columns, and its rate limits in the same query: they are kept apart (the proxy writes
     * them), and a second query for them was one more round trip on every read. The row's table is
     * named {@code account} in each statement.
     */
    static final String COLUMNS = """
            account_id, platform, platform_user_id, display_name, handle, avatar_url, status, status_code,
            status_reason, token_expires_at, connected_at, refreshed_at, extensions, refresh_failing_since,
            refresh_failures, refresh_next_attempt_at, refresh_error_code, refresh_error_reason, version,
            """ + AccountRateLimits.aggregatedFor("account.account_id") + " as rate_limits";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public AccountsDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record ConnectedRow(String accountId, String workspaceId, String platform, String platformUserId,
                               String displayName, String handle, String avatarUrl, Instant tokenExpiresAt,
                               Instant connectedAt, AccountExtensions extensions, long version) {
    }

    void upsertConnected(AccountsTable table, ConnectedRow row) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into <table> (account_id, workspace_id, platform, platform_user_id, display_name, handle,
                                              avatar_url, status, token_expires_at, connected_at, extensions, version)
                        values (:accountId, :workspaceId, :platform, :platformUserId, :displayName, :handle,
                                :avatarUrl, 'active', :tokenExpiresAt, :connectedAt, cast(:extensionsJson as jsonb), :version)
                        on conflict (account_id) do update set
                            display_name = excluded.display_name, handle = excluded.handle,
                            avatar_url = excluded.avatar_url, status = 'active', status_code = null,
                            status_reason = null, token_expires_at = excluded.token_expires_at,
                            connected_at = excluded.connected_at, refreshed_at = null,
                            extensions = excluded.extensions, version = excluded.version,
                            refresh_failing_since = null, refresh_failures = 0, refresh_next_attempt_at = null,
                            refresh_error_code = null, refresh_error_reason = null

                        where <table>.version < excluded.version""")
                .define("table", table.tableName())
                .bindMethods(row)
                .bind("extensionsJson", toJson(row.extensions()))
                .execute());
    }

    void markRefreshed(AccountsTable table, String accountId, Instant tokenExpiresAt, Instant refreshedAt, long version) {
        update(table, """
                update <table> set status = 'active', status_code = null, status_reason = null,
                    token_expires_at = :tokenExpiresAt, refreshed_at = :refreshedAt, version = :version,
                    refresh_failing_since = null, refresh_failures = 0, refresh_next_attempt_at = null,
                    refresh_error_code = null, refresh_error_reason = null
                where account_id = :accountId and version < :version""", accountId, version,
                query -> query.bind("tokenExpiresAt", tokenExpiresAt).bind("refreshedAt", refreshedAt));
    }

    void markStatus(AccountsTable table, String accountId, AccountStatus status, ErrorCode code, String reason, long version) {
        update(table, """
                update <table> set status = :status, status_code = :code, status_reason = :reason, version = :version
                where account_id = :accountId and version < :version""", accountId, version,
                query -> query.bind("status", status.wireName())
                        .bind("code", code == null ? null : code.code())
                        .bind("reason", reason));
    }

    /** A failure that may pass: the status stays; since when, how often and the next attempt are shown. */
    void markFailing(AccountsTable table, String accountId, ErrorCode code, String reason, int failures, Instant at, Instant nextAttemptAt,
                     long version) {
        update(table, """
                update <table> set refresh_error_code = :code, refresh_error_reason = :reason,
                    refresh_failures = :failures, refresh_next_attempt_at = :nextAttemptAt,
                    refresh_failing_since = coalesce(refresh_failing_since, :at), version = :version
                where account_id = :accountId and version < :version""", accountId, version,
                query -> query.bind("code", code.code()).bind("reason", reason).bind("failures", failures)
                        .bind("at", at).bind("nextAttemptAt", nextAttemptAt));
    }

    void delete(AccountsTable table, String accountId) {
        jdbi.useHandle(handle -> handle.createUpdate("delete from <table> where account_id = :accountId")
                .define("table", table.tableName())
                .bind("accountId", accountId)
                .execute());
    }

    void deleteAll(AccountsTable table) {
        jdbi.useHandle(handle -> handle.execute("delete from " + table.tableName()));
    }

    /** The account as one table holds it, with its workspace: what a subscribed reader is sent. */
    Optional<Written> written(AccountsTable table, String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("select workspace_id, " + COLUMNS
                        + " from <table> account where account_id = :accountId")
                .define("table", table.tableName())
                .bind("accountId", accountId)
                .map((rs, ctx) -> new Written(new WorkspaceId(rs.getString("workspace_id")), view(rs, ctx)))
                .findOne());
    }

    record Written(WorkspaceId workspaceId, AccountView view) {
    }

    public Optional<AccountView> find(FindAccountById query) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS
                        + " from accounts account where account_id = :accountId and workspace_id = :workspaceId")
                .bind("accountId", query.accountId().value())
                .bind("workspaceId", query.workspaceId().value())
                .map(AccountsDao::view)
                .findOne());
    }

    public AccountPage find(FindAccounts query) {
        List<AccountView> rows = jdbi.withHandle(handle -> AccountsPageQuery.of(handle, COLUMNS, query)
                .map(AccountsDao::view)
                .list());
        if (rows.size() <= query.limit()) {
            return new AccountPage(rows, null);
        }
        List<AccountView> page = rows.subList(0, query.limit());
        return new AccountPage(List.copyOf(page), page.get(page.size() - 1).id().value());
    }

    private void update(AccountsTable table, String sql, String accountId, long version, UnaryOperator<Update> binder) {
        jdbi.useHandle(handle -> binder.apply(handle.createUpdate(sql)
                        .define("table", table.tableName())
                        .bind("accountId", accountId)
                        .bind("version", version))
                .execute());
    }

    private static AccountView view(ResultSet rs, StatementContext ctx) throws SQLException {
        String code = rs.getString("status_code");
        return new AccountView(
                new AccountId(rs.getString("account_id")),
                Platform.fromWireName(rs.getString("platform")).orElseThrow(),
                rs.getString("platform_user_id"),
                rs.getString("display_name"),
                rs.getString("handle"),
                rs.getString("avatar_url"),
                AccountStatus.fromWireName(rs.getString("status")).orElseThrow(),
                code == null ? null : ErrorCode.fromCode(code).orElse(ErrorCode.INTERNAL_ERROR),
                rs.getString("status_reason"),
                instant(rs, "token_expires_at"),
                instant(rs, "connected_at"),
                instant(rs, "refreshed_at"),
                fromJson(rs.getString("extensions")),
                failing(rs),
                AccountRateLimits.fromAggregate(rs.getString("rate_limits")),
                rs.getLong("version"));
    }

    private static RefreshFailing failing(ResultSet rs) throws SQLException {
        Instant since = instant(rs, "refresh_failing_since");
        if (since == null) {
            return null;
        }
        String code = rs.getString("refresh_error_code");
        return new RefreshFailing(since, code == null ? null : ErrorCode.fromCode(code).orElse(ErrorCode.INTERNAL_ERROR),
                rs.getString("refresh_error_reason"), rs.getInt("refresh_failures"), instant(rs, "refresh_next_attempt_at"));
    }

    private static String toJson(AccountExtensions extensions) {
        try {
            return JSON.writeValueAsString(extensions == null ? AccountExtensions.NONE : extensions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write account extensions", e);
        }
    }

    private static AccountExtensions fromJson(String json) {
        try {
            return JSON.readValue(json, AccountExtensions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read account extensions", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
