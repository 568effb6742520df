package dev.mooring.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded PostgreSQL of a stopped Mooring's data directory, opened with no Mooring attached,
 * so a test can read what a run left behind without anything writing meanwhile.
 */
public final class DataDirDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Jdbi jdbi;

    private DataDirDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.jdbi = Jdbi.create(postgres.getPostgresDatabase());
    }

    /** Logs in with the password Mooring keeps beside the cluster, as Mooring does. */
    public static DataDirDatabase open(Path dataDir) {
        try {
            return new DataDirDatabase(EmbeddedPostgres.builder()
                    .setConnectConfig("password", Files.readString(dataDir.resolve("postgres-password")).trim())
                    .setDataDirectory(dataDir.resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Every row of every table, by table: equal twice means nothing was written in between. */
    public Map<String, List<Map<String, Object>>> everyRow() {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        for (String table : DatabaseRows.tables(jdbi)) {
            // in a fixed order, whatever order PostgreSQL returns them in
            rows.put(table, DatabaseRows.of(jdbi, table).stream()
                    .sorted(Comparator.comparing(Object::toString))
                    .toList());
        }
        return rows;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
