package dev.mooring.api.importing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxBatch {@code MOORING_IMPORT_MAX_BATCH}: the most accounts one {@code POST /v1/accounts/import}
 *                 takes; a larger batch is refused whole ({@code batch_too_large}), so one request
 *                 stays well inside {@code MOORING_REQUEST_TIMEOUT}
 */
@ConfigurationProperties("mooring.import")
public record ImportProperties(Integer maxBatch) {

    static final int DEFAULT_MAX_BATCH = 100;
    static final int MAX_BATCH_CEILING = 1000;

    public ImportProperties {
        if (maxBatch == null) {
            maxBatch = DEFAULT_MAX_BATCH;
        }
        if (maxBatch < 1 || maxBatch > MAX_BATCH_CEILING) {
            throw new IllegalStateException("MOORING_IMPORT_MAX_BATCH must be between 1 and " + MAX_BATCH_CEILING);
        }
    }
}
