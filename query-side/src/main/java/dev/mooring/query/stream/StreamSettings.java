package dev.mooring.query.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.mooring.kernel.FrontDoor;
import java.time.Duration;

/**
 * Settings of {@code GET /v1/events}.
 *
 * @param heartbeat    how often an idle stream sends a comment line, so proxies keep it open
 * @param pollInterval how often the live feed looks for new events
 */
@FrontDoor
@ConfigurationProperties("mooring.events")
public record StreamSettings(Duration heartbeat, Duration pollInterval) {
}
