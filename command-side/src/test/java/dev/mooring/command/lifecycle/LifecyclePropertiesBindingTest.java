package dev.mooring.command.lifecycle;

import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variable names of docs/configuration.md bind to {@link LifecycleProperties} exactly as spelled,
 * through the same relaxed binding Spring Boot applies to the process environment.
 */
class LifecyclePropertiesBindingTest {

    @Test
    void everyDocumentedEnvironmentVariableBinds() {
        LifecycleProperties bound = bind(environment(Map.of(
                "MOORING_LIFECYCLE_REFRESH_MARGIN_X", "7m",
                "MOORING_LIFECYCLE_REFRESH_MARGIN_SANDBOX", "30s",
                "MOORING_LIFECYCLE_WARN_AHEAD", "3d",
                "MOORING_LIFECYCLE_MINIMUM_TOKEN_AGE", "36h",
                "MOORING_LIFECYCLE_HEALTH_CHECK_EVERY", "6h",
                "MOORING_LIFECYCLE_FIRST_RETRY", "10s",
                "MOORING_LIFECYCLE_MAX_RETRY", "20m",
                "MOORING_LIFECYCLE_REFRESH_WORKERS", "3")));

        assertThat(bound.marginFor(Platform.X)).isEqualTo(Duration.ofMinutes(7));
        assertThat(bound.marginFor(Platform.SANDBOX)).isEqualTo(Duration.ofSeconds(30));
        assertThat(bound.refresh().margin()).containsOnlyKeys(Platform.X, Platform.SANDBOX);
        assertThat(bound.warnAhead()).isEqualTo(Duration.ofDays(3));
        assertThat(bound.minimumTokenAge()).isEqualTo(Duration.ofHours(36));
        assertThat(bound.healthCheckEvery()).isEqualTo(Duration.ofHours(6));
        assertThat(bound.firstRetry()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bound.maxRetry()).isEqualTo(Duration.ofMinutes(20));
        assertThat(bound.refreshWorkers()).isEqualTo(3);
    }

    @Test
    void aMarginSetForOnePlatformLeavesTheOthersAtTheirDefaults() {
        LifecycleProperties bound = bind(environment(Map.of("MOORING_LIFECYCLE_REFRESH_MARGIN_X", "7m")));
        assertThat(bound.marginFor(Platform.PINTEREST)).isEqualTo(Duration.ofHours(24));
        assertThat(bound.marginFor(Platform.LINKEDIN)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void nothingSetBindsTheDocumentedDefaults() {
        LifecycleProperties bound = bind(environment(Map.of("UNRELATED", "1")));
        assertThat(bound.marginFor(Platform.X)).isEqualTo(Duration.ofMinutes(5));
        assertThat(bound.marginFor(Platform.SANDBOX)).isEqualTo(Duration.ofMinutes(1));
        assertThat(bound.warnAhead()).isEqualTo(Duration.ofDays(7));
        assertThat(bound.minimumTokenAge()).isEqualTo(Duration.ofHours(24));
        assertThat(bound.healthCheckEvery()).isEqualTo(Duration.ofHours(24));
        assertThat(bound.firstRetry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bound.maxRetry()).isEqualTo(Duration.ofHours(1));
        assertThat(bound.refreshWorkers()).isEqualTo(8);
    }

    @Test
    void theSpellingThatUsedToBeNeededNoLongerSetsAMargin() {
        // ..._REFRESHMARGIN_X bound the old flat map; now it names no property and changes nothing
        LifecycleProperties bound = bind(environment(Map.of("MOORING_LIFECYCLE_REFRESHMARGIN_X", "7m")));
        assertThat(bound.marginFor(Platform.X)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void thePropertiesFileSpellingBindsTheSame() {
        LifecycleProperties bound = bind(new MapPropertySource("application", Map.of(
                "mooring.lifecycle.refresh.margin.x", "7m",
                "mooring.lifecycle.refresh-workers", "3")));
        assertThat(bound.marginFor(Platform.X)).isEqualTo(Duration.ofMinutes(7));
        assertThat(bound.refreshWorkers()).isEqualTo(3);
    }

    private static SystemEnvironmentPropertySource environment(Map<String, Object> variables) {
        // the name matters: Spring maps MOORING_A_B to mooring.a.b only for the system environment source
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
    }

    private static LifecycleProperties bind(PropertySource<?> source) {
        return new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("mooring.lifecycle", Bindable.of(LifecycleProperties.class));
    }
}
