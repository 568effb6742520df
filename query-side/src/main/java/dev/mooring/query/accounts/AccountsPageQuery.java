package dev.mooring.query.accounts;

import dev.mooring.kernel.query.FindAccounts;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The statement of one keyset page of a workspace's accounts, written so that it reads no more rows
 * than the page holds, whatever the workspace's size:
 * <ul>
 * <li>Each table is asked for its own page, in index order, and only the current one answers (the
 * same check the {@code accounts} view makes). Through the view, PostgreSQL cannot keep the tables'
 * order (a UNION ALL branch with a WHERE is planned on its own), so it read every matching row of the
 * workspace and sorted them for each page.</li>
 * <li>Only the filters a caller gave are written in: a catch-all {@code (:platform is null or
 * platform = :platform)} lets a cached generic plan serve every combination with one index and a
 * filter. Written out, each combination has its own index in {@code account_id} order
 * (V2026_12_03_60), so the page stops at its limit.</li>
 * </ul>
 */
final class AccountsPageQuery {

    private static final String CURRENT_TABLE = "(select current_table from read_model_version where read_model = 'accounts')";

    private AccountsPageQuery() {
    }

    /** The page's statement with its values bound; {@code columns} are the ones the caller maps, the row's table named {@code account}. */
    static Query of(Handle handle, String columns, FindAccounts query) {
        return bind(handle.createQuery(sql(columns, query)), query);
    }

    static String sql(String columns, FindAccounts query) {
        String conditions = conditions(query);
        return Arrays.stream(AccountsTable.values())
                .map(table -> "(select " + columns + " from " + table.tableName() + " account"
                        + " where " + CURRENT_TABLE + " = '" + table.tableName() + "' and " + conditions
                        + " order by account_id limit :limit)")
                .collect(Collectors.joining(" union all ", "", " order by account_id limit :limit"));
    }

    private static String conditions(FindAccounts query) {
        StringBuilder sql = new StringBuilder("workspace_id = :workspaceId");
        if (query.platform() != null) {
            sql.append(" and platform = :platform");
        }
        if (query.status() != null) {
            sql.append(" and status = :status");
        }
        if (query.afterId() != null) {
            sql.append(" and account_id > :afterId");
        }
        return sql.toString();
    }

    static Query bind(Query statement, FindAccounts query) {
        statement.bind("workspaceId", query.workspaceId().value())
                .bind("limit", query.limit() + 1); // one more tells whether another page exists
        if (query.platform() != null) {
            statement.bind("platform", query.platform().wireName());
        }
        if (query.status() != null) {
            statement.bind("status", query.status().wireName());
        }
        if (query.afterId() != null) {
            statement.bind("afterId", query.afterId());
        }
        return statement;
    }
}
