package dev.mooring.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The embedded PostgreSQL under the data directory, or none when a database URL is configured: a
 * bean either way, so Spring closes it after everything that uses it.
 */
record EmbeddedPostgresHolder(EmbeddedPostgres postgres, String password) implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresHolder.class);

    static EmbeddedPostgresHolder start(Path dataDir, SecureRandom random) {
        Path directory = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(directory.getParent());
            OrphanedPostmaster.stopIfAny(directory);
            Path passwordFile = directory.resolveSibling(EmbeddedPostgresPassword.FILE);
            String password = EmbeddedPostgresPassword.readOrCreate(passwordFile, random);
            if (Files.exists(directory.resolve("PG_VERSION"))) {
                log.info("Starting the embedded PostgreSQL in {}", directory);
            } else {
                log.info("Creating the embedded PostgreSQL in {} (the first start takes up to a minute)", directory);
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // a new cluster starts with the password and no trust (zonky's own -A trust comes first, so these win)
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // an error's log entry shows the statement, never the values bound to it
                    .setServerConfig("log_parameter_max_length", "0")
                    .setServerConfig("log_parameter_max_length_on_error", "0")
                    // and no DETAIL: "Key (url)=(...)" and "Failing row contains (...)" quote the values
                    .setServerConfig("log_error_verbosity", "terse")
                    // a commit is on disk before it is acknowledged: a refresh token rotated upstream
                    // must survive a machine crash (these come after zonky's own -F, so they win)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            try {
                EmbeddedPostgresPassword.requirePasswordLogins(postgres, directory, password);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            log.info("Embedded PostgreSQL ready on 127.0.0.1:{}, data in {}", postgres.getPort(), directory);
            return new EmbeddedPostgresHolder(postgres, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresHolder[" + postgres + ", password redacted]";
    }

    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
