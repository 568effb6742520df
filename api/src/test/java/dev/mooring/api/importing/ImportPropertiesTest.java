package dev.mooring.api.importing;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code MOORING_IMPORT_MAX_BATCH}: 100 unless set, and a batch size no import could use is refused at start. */
class ImportPropertiesTest {

    @Test
    void theMaxBatchIsAHundredUnlessSet() {
        assertThat(bind(Map.of()).maxBatch()).isEqualTo(100);
        assertThat(bind(Map.of("MOORING_IMPORT_MAX_BATCH", "25")).maxBatch()).isEqualTo(25);
    }

    @Test
    void aMaxBatchOutsideOneToAThousandIsRefused() {
        for (String refused : new String[] {"0", "-1", "1001"}) {
            assertThatThrownBy(() -> bind(Map.of("MOORING_IMPORT_MAX_BATCH", refused)))
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("MOORING_IMPORT_MAX_BATCH must be between 1 and 1000");
        }
    }

    private static ImportProperties bind(Map<String, Object> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
        return binder.bindOrCreate("mooring.import", ImportProperties.class);
    }
}
