package dev.mooring.api.database;

import dev.mooring.api.config.MooringProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code MOORING_DATABASE_POOL_SIZE} and {@code MOORING_DATABASE_CONNECTION_TIMEOUT}, bound under their environment names. */
class DatabaseSettingsTest {

    @Test
    void bothBindFromTheirEnvironmentNames() {
        MooringProperties.Database database = bind(Map.of(
                "MOORING_DATABASE_POOL_SIZE", "5",
                "MOORING_DATABASE_CONNECTION_TIMEOUT", "750ms"));

        assertThat(database.poolSize()).isEqualTo(5);
        assertThat(database.connectionTimeout()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        MooringProperties.Database database = bind(Map.of("MOORING_DATABASE_URL", "jdbc:postgresql://db/mooring"));

        assertThat(database.poolSize()).isEqualTo(16);
        assertThat(database.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEmptyPoolOrAWaitBelowHikarisFloorIsRefusedByName() {
        assertThatThrownBy(() -> bind(Map.of("MOORING_DATABASE_POOL_SIZE", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("MOORING_DATABASE_POOL_SIZE must be at least 1");
        assertThatThrownBy(() -> bind(Map.of("MOORING_DATABASE_CONNECTION_TIMEOUT", "100ms")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("MOORING_DATABASE_CONNECTION_TIMEOUT must be at least 250ms");
    }

    private static MooringProperties.Database bind(Map<String, Object> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
        return binder.bindOrCreate("mooring.database", MooringProperties.Database.class);
    }
}
