package dev.mooring.api.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * PostgreSQL under everything: the configured one, or an embedded one kept under the data directory
 * so data survives restarts, crashes included: it runs durable (zonky's defaults turn fsync and
 * synchronous commit off, which suits throwaway test databases, not tokens), and a PostgreSQL left
 * running by a Mooring that was killed is stopped before a new one starts. It takes password logins
 * only ({@link EmbeddedPostgresPassword}). No bound value reaches a log: the driver leaves the
 * server's error detail ({@code Key (...)=(...)}) out of exception messages, and the embedded server
 * logs no parameters. JDBI shares Spring's transactions, so a projection's row and its processor's
 * token commit together.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    /**
     * Closed by Spring after everything that uses it (zonky's own shutdown hook would stop PostgreSQL
     * before Axon releases its tokens, so it is off). Absent when a database URL is configured.
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(MooringProperties properties, SecureRandom random) {
        if (!properties.embeddedDatabase()) {
            return new EmbeddedPostgresHolder(null, null);
        }
        Path directory = properties.dataDir().resolve("postgres").toAbsolutePath();
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

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(MooringProperties properties, EmbeddedPostgresHolder embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        if (embedded.postgres() != null) {
            dataSource.setJdbcUrl(embedded.postgres().getJdbcUrl("postgres", "postgres"));
            dataSource.setPassword(embedded.password());
        } else {
            dataSource.setJdbcUrl(properties.database().url());
            dataSource.setUsername(properties.database().user());
            dataSource.setPassword(properties.database().password());
        }
        // the server's DETAIL (e.g. "Key (url)=(...) already exists") quotes bound values: keep it out of messages
        dataSource.addDataSourceProperty("logServerErrorDetail", "false");
        dataSource.setPoolName("mooring");
        dataSource.setMaximumPoolSize(properties.database().poolSize());
        dataSource.setConnectionTimeout(properties.database().connectionTimeout().toMillis());
        return dataSource;
    }

    @Bean
    Jdbi jdbi(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(new TransactionAwareDataSourceProxy(dataSource))
                .installPlugin(new PostgresPlugin())
                .installPlugin(new SqlObjectPlugin());
        // JDBI's failures list every bound argument by default (a webhook secret, a ciphertext): none here
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }

    /** Lets the embedded server be optional while still being a bean Spring closes last. */
    record EmbeddedPostgresHolder(EmbeddedPostgres postgres, String password) implements AutoCloseable {

        @Override
        public String toString() {
            return "EmbeddedPostgresHolder[" + postgres + ", password redacted]";
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
