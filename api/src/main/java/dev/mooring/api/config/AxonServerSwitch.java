package dev.mooring.api.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Turns the Axon Server connector on exactly when {@code MOORING_AXON_SERVER} names a server; without
 * it Mooring keeps events, commands and queries on PostgreSQL and in-process buses. Added last, so an
 * explicit {@code axon.axonserver.*} setting still wins.
 */
public class AxonServerSwitch implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String servers = environment.getProperty("mooring.axon-server", "").trim();
        Map<String, Object> settings = servers.isEmpty()
                ? Map.of("axon.axonserver.enabled", "false")
                : Map.of("axon.axonserver.enabled", "true", "axon.axonserver.servers", servers);
        environment.getPropertySources().addLast(new MapPropertySource("mooring-axon-server", settings));
    }
}
