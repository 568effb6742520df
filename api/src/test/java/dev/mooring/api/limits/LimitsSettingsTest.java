package dev.mooring.api.limits;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code MOORING_LIMITS_*}, bound from the environment under the names docs/configuration.md lists, with their defaults. */
class LimitsSettingsTest {

    @Test
    void everySettingBindsFromItsEnvironmentName() {
        LimitsProperties limits = bind(Map.of(
                "MOORING_LIMITS_PER_KEY", "7/10s",
                "MOORING_LIMITS_CONNECT_STARTS", "6/2m",
                "MOORING_LIMITS_BLUESKY_LOGINS_PER_IDENTIFIER", "5/1h",
                "MOORING_LIMITS_ACCOUNT_CHECKS", "4/30s",
                "MOORING_LIMITS_WEBHOOK_RESENDS", "3/1m",
                "MOORING_LIMITS_WEBHOOK_ENDPOINTS", "9",
                "MOORING_LIMITS_EVENT_STREAMS", "8",
                "MOORING_LIMITS_PENDING_CONNECTS", "11",
                "MOORING_LIMITS_UPSTREAM_CALLS", "2",
                "MOORING_LIMITS_UPSTREAM_DEADLINE", "4s"));

        assertThat(limits.perKey()).isEqualTo(new Rate(7, Duration.ofSeconds(10)));
        assertThat(limits.connectStarts()).isEqualTo(new Rate(6, Duration.ofMinutes(2)));
        assertThat(limits.blueskyLoginsPerIdentifier()).isEqualTo(new Rate(5, Duration.ofHours(1)));
        assertThat(limits.accountChecks()).isEqualTo(new Rate(4, Duration.ofSeconds(30)));
        assertThat(limits.webhookResends()).isEqualTo(new Rate(3, Duration.ofMinutes(1)));
        assertThat(limits.webhookEndpointsQuota().limit()).isEqualTo(9);
        assertThat(limits.eventStreamsQuota().limit()).isEqualTo(8);
        assertThat(limits.pendingConnectsQuota().limit()).isEqualTo(11);
        assertThat(limits.upstreamCalls()).isEqualTo(2);
        assertThat(limits.upstreamDeadline()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theDefaultsAreTheReadmes() {
        LimitsProperties limits = bind(Map.of());

        assertThat(limits.perKey()).isEqualTo(new Rate(120, Duration.ofMinutes(1)));
        assertThat(limits.connectStarts()).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(limits.blueskyLoginsPerIdentifier()).isEqualTo(new Rate(10, Duration.ofMinutes(5)));
        assertThat(limits.accountChecks()).isEqualTo(new Rate(30, Duration.ofMinutes(1)));
        assertThat(limits.webhookResends()).isEqualTo(new Rate(30, Duration.ofMinutes(1)));
        assertThat(limits.webhookEndpoints()).isEqualTo(25);
        assertThat(limits.eventStreams()).isEqualTo(10);
        assertThat(limits.pendingConnects()).isEqualTo(100);
        assertThat(limits.upstreamCalls()).isEqualTo(4);
        assertThat(limits.upstreamDeadline()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anUpstreamDeadlineThatWouldOutlastTheApisOwnTimeoutIsRefused() {
        LimitsProperties limits = bind(Map.of("MOORING_LIMITS_UPSTREAM_DEADLINE", "13s"));

        assertThatThrownBy(() -> limits.requireWithin(Duration.ofSeconds(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MOORING_LIMITS_UPSTREAM_DEADLINE must be shorter than 13s, inside the API's own timeout"
                        + " (MOORING_REQUEST_TIMEOUT, 15s, less 2s for a write under way)");
        assertThatCode(() -> limits.requireWithin(Duration.ofMillis(15_001))).doesNotThrowAnyException();
        assertThatCode(() -> bind(Map.of("MOORING_LIMITS_UPSTREAM_DEADLINE", "12s")).requireWithin(Duration.ofSeconds(15)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> bind(Map.of("MOORING_LIMITS_UPSTREAM_DEADLINE", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("MOORING_LIMITS_UPSTREAM_DEADLINE must be positive");
    }

    @Test
    void aRateIsCallsPerPeriod() {
        assertThatThrownBy(() -> bind(Map.of("MOORING_LIMITS_CONNECT_STARTS", "60")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("calls/period, like 60/1m");
        assertThatThrownBy(() -> bind(Map.of("MOORING_LIMITS_CONNECT_STARTS", "0/1m")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("at least 1 call per positive period");
    }

    private static LimitsProperties bind(Map<String, Object> environment) {
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(new RateConverter());
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)), null, conversions);
        return binder.bindOrCreate("mooring.limits", LimitsProperties.class);
    }
}
