package dev.mooring.api.config;

import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
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

    /**
     * Closed by Spring after everything that uses it (zonky's own shutdown hook would stop PostgreSQL
     * before Axon releases its tokens, so it is off). Absent when a database URL is configured.
     * Usually started already, while the context was being built ({@link EmbeddedPostgresStart}).
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(MooringProperties properties, SecureRandom random,
                                            ObjectProvider<EmbeddedPostgresStart> early) {
        if (!properties.embeddedDatabase()) {
            return new EmbeddedPostgresHolder(null, null);
        }
        EmbeddedPostgresStart started = early.getIfAvailable();
        return started != null ? started.takeOver() : EmbeddedPostgresHolder.start(properties.dataDir(), random);
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
}
