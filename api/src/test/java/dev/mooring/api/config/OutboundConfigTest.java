package dev.mooring.api.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The development exception follows the deployment unless set; a bad allowed-hosts list stops the start. */
class OutboundConfigTest {

    private static MooringProperties mooring(String databaseUrl) {
        return new MooringProperties(8080, Path.of("data"), null,
                new MooringProperties.Database(databaseUrl, "u", "p", 16, Duration.ofSeconds(30)), null, null, null, "k", null);
    }

    @Test
    void localWebhooksAreOnWithTheEmbeddedDatabaseAndOffWithAConfiguredOne() {
        OutboundConfig config = new OutboundConfig();

        assertThat(config.outboundPolicy(new OutboundProperties(null, null), mooring(null)).localWebhooks()).isTrue();
        assertThat(config.outboundPolicy(new OutboundProperties(null, null), mooring("jdbc:postgresql://db/m")).localWebhooks()).isFalse();
        assertThat(config.outboundPolicy(new OutboundProperties(null, false), mooring(null)).localWebhooks()).isFalse();
        assertThat(config.outboundPolicy(new OutboundProperties(null, true), mooring("jdbc:postgresql://db/m")).localWebhooks()).isTrue();
    }

    @Test
    void aMalformedAllowedHostsListStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new OutboundConfig().outboundPolicy(new OutboundProperties("https://pds.internal/x", null), mooring(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MOORING_OUTBOUND_ALLOWED_HOSTS");
    }
}
