package dev.mooring.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The embedded PostgreSQL's superuser password: generated once, kept in the data directory readable
 * by its owner alone (like the generated master key), given to initdb for a new cluster and to the
 * data source. zonky initialises clusters with {@code trust}, which lets any local process log in as
 * superuser with no password; {@link #requirePasswordLogins} replaces that {@code pg_hba.conf} with
 * SCRAM logins only, and gives a cluster made before this (trust, no password) the password first, so
 * an existing data directory keeps working on its first start after the upgrade.
 */
final class EmbeddedPostgresPassword {

    static final String FILE = "postgres-password";
    static final String HBA_MARKER = "# Mooring: password logins only";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresPassword.class);
    private static final String HBA = HBA_MARKER + """
            ; the password is in the data directory's %s
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """.formatted(FILE);

    private EmbeddedPostgresPassword() {
    }

    /** Reads the password file, creating it (owner-only) first when there is none. */
    static String readOrCreate(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                // written aside and moved, so a crash never leaves a half-written password behind
                Path partial = file.resolveSibling(FILE + ".partial");
                Files.deleteIfExists(partial);
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(partial, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), StandardCharsets.US_ASCII);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the embedded PostgreSQL password " + file, e);
        }
    }

    /**
     * Makes password logins the only logins. A cluster already configured so is left alone; otherwise
     * the superuser gets the password (computed to a SCRAM verifier on this side, so the password itself
     * never reaches the server or its logs) before {@code pg_hba.conf} stops trusting, then the server
     * reloads it.
     */
    static void requirePasswordLogins(EmbeddedPostgres postgres, Path directory, String password) {
        Path hba = directory.resolve("pg_hba.conf");
        try {
            if (Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER)) {
                return;
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                connection.unwrap(PGConnection.class).alterUserPassword("postgres", password.toCharArray(), "scram-sha-256");
                Files.writeString(hba, HBA, StandardCharsets.UTF_8);
                try (Statement reload = connection.createStatement()) {
                    reload.execute("select pg_reload_conf()");
                }
            }
            log.info("Embedded PostgreSQL: superuser logins now need the password kept in {}", directory.resolveSibling(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure password logins in " + hba, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give the embedded PostgreSQL its password", e);
        }
    }
}
