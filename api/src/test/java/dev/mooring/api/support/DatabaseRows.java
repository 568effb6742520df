package dev.mooring.api.support;

import org.jdbi.v3.core.Jdbi;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw rows straight from PostgreSQL, with {@code bytea} cells as lowercase hex and arrays as lists, so rows
 * compare by value ({@link java.sql.Array} has no value equality).
 */
public final class DatabaseRows {

    private DatabaseRows() {
    }

    /** Every table Mooring has, the ones a later migration adds included. */
    public static List<String> tables(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select table_name from information_schema.tables
                        where table_schema = current_schema() and table_type = 'BASE TABLE'
                        order by table_name""")
                .mapTo(String.class)
                .list());
    }

    /** @param table a name from {@link #tables}; never user input */
    public static List<Map<String, Object>> of(Jdbi jdbi, String table) {
        return of(jdbi, "select * from " + table, Map.of());
    }

    public static List<Map<String, Object>> of(Jdbi jdbi, String sql, Map<String, ?> parameters) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).bindMap(parameters).mapToMap().list()).stream()
                .map(DatabaseRows::bytesAsHex)
                .toList();
    }

    private static Map<String, Object> bytesAsHex(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach((column, value) -> copy.put(column, byValue(value)));
        return copy;
    }

    private static Object byValue(Object cell) {
        if (cell instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (cell instanceof Array array) {
            try {
                return Arrays.asList((Object[]) array.getArray());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return cell;
    }
}
