package dev.mooring.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Mooring's own settings, each bound from a {@code MOORING_*} environment variable.
 *
 * @param dataDir    where the embedded database, the generated master key and the dev key live
 * @param devKey     create a development workspace and key at start; defaults to on with the
 *                   embedded database and off otherwise
 * @param axonServer Axon Server address(es); blank keeps the connector off
 * @param masterKey  base64 of 32 bytes; blank only with the embedded database, which generates one
 * @param masterKeyId the id {@code masterKey} goes by
 * @param masterKeys several master keys instead of {@code masterKey}: {@code id:base64,...}, oldest
 *                   first; the last one wraps new data keys
 */
@ConfigurationProperties("mooring")
public record MooringProperties(
        int port,
        Path dataDir,
        URI publicUrl,
        Database database,
        Boolean devKey,
        String axonServer,
        String masterKey,
        String masterKeyId,
        String masterKeys) {

    /**
     * @param poolSize          connections Mooring keeps to PostgreSQL; no connection is held while a
     *                          platform answers, so this bounds database work only
     * @param connectionTimeout how long work waits for a free connection before it gives up and the
     *                          request answers 503 {@code service_busy}
     */
    public record Database(String url, String user, String password,
                           @DefaultValue("16") int poolSize,
                           @DefaultValue("30s") Duration connectionTimeout) {

        public Database {
            if (poolSize < 1) {
                throw new IllegalArgumentException("MOORING_DATABASE_POOL_SIZE must be at least 1");
            }
            if (connectionTimeout == null || connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
                // Hikari's own floor: below it, it would silently wait 30 s instead
                throw new IllegalArgumentException("MOORING_DATABASE_CONNECTION_TIMEOUT must be at least 250ms");
            }
        }
    }

    private static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    /** No database URL configured: Mooring runs its own PostgreSQL under the data directory. */
    public boolean embeddedDatabase() {
        return database == null || database.url() == null || database.url().isBlank();
    }

    public boolean devKeyWanted() {
        return devKey != null ? devKey : embeddedDatabase();
    }
}
