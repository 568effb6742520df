package dev.mooring.api.support;

import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code pg_dump} would hand someone, read with SQL since the embedded binaries ship no pg_dump:
 * every row of every table of every schema (the system catalogs aside), each {@code bytea} cell both
 * as hex and decoded as UTF-8 text, so JSON inside event payloads reads as it would in a dump.
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    /** @return each table's rows as text, by {@code schema.table} */
    public static Map<String, String> of(Jdbi jdbi) {
        return jdbi.withHandle(handle -> {
            List<String> tables = handle.createQuery("""
                            select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
                            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                            order by 1""")
                    .mapTo(String.class)
                    .list();
            Map<String, String> dump = new LinkedHashMap<>();
            for (String table : tables) {
                dump.put(table, handle.createQuery("select * from " + table).mapToMap().list().stream()
                        .map(DatabaseDump::row)
                        .collect(Collectors.joining("\n")));
            }
            return dump;
        });
    }

    private static String row(Map<String, Object> row) {
        return row.entrySet().stream()
                .map(cell -> cell.getKey() + "=" + (cell.getValue() instanceof byte[] bytes
                        ? HexFormat.of().formatHex(bytes) + " " + new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(cell.getValue())))
                .collect(Collectors.joining(" | "));
    }
}
