package dev.mooring.api.proxy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code MOORING_PROXY_*}, bound from the environment under the names docs/configuration.md and the README list. */
class ProxySettingsTest {

    @Test
    void everySettingBindsFromItsEnvironmentName() {
        ProxyProperties proxy = bind(Map.of(
                "MOORING_PROXY_MAX_BODY", "2GB",
                "MOORING_PROXY_REPLAY_MAX_BODY", "4MB",
                "MOORING_PROXY_CONNECT_TIMEOUT", "2s",
                "MOORING_PROXY_RESPONSE_TIMEOUT", "90s"));

        assertThat(proxy.maxBody()).isEqualTo(DataSize.ofGigabytes(2));
        assertThat(proxy.replayMaxBody()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(proxy.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(proxy.responseTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ProxyProperties proxy = bind(Map.of());

        assertThat(proxy.maxBody()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(proxy.replayMaxBody()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(proxy.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(proxy.responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> bind(Map.of("MOORING_PROXY_RESPONSE_TIMEOUT", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("MOORING_PROXY_RESPONSE_TIMEOUT must be positive");
    }

    @Test
    void aReplayLimitMustFitInMemoryAtOnce() {
        assertThatThrownBy(() -> bind(Map.of("MOORING_PROXY_REPLAY_MAX_BODY", "3GB")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("MOORING_PROXY_REPLAY_MAX_BODY must be between 0 and 2GB");
    }

    private static ProxyProperties bind(Map<String, Object> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)), null, new ApplicationConversionService());
        return binder.bindOrCreate("mooring.proxy", ProxyProperties.class);
    }
}
