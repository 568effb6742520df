package dev.mooring.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL of its own on loopback, standing in for the operator's database that
 * {@code MOORING_DATABASE_URL} names: Mooring runs nothing of its own against it.
 */
public final class ExternalPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private ExternalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static ExternalPostgres start() {
        try {
            return new ExternalPostgres(EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of a fresh, empty database, so a start migrates from nothing. */
    public String newDatabase() {
        String name = "mooring_" + databases.incrementAndGet();
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
