package dev.mooring.api.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Defaults that follow from how Mooring is deployed. The Axon Server connector is on exactly when
 * {@code MOORING_AXON_SERVER} names a server. The sandbox platform is on by default only on the
 * embedded database (a developer's machine), and so is listening on loopback only. Added last, so anything set explicitly still wins.
 */
public class DeploymentDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        String servers = environment.getProperty("mooring.axon-server", "").trim();
        defaults.put("axon.axonserver.enabled", String.valueOf(!servers.isEmpty()));
        if (!servers.isEmpty()) {
            defaults.put("axon.axonserver.servers", servers);
        }
        boolean embedded = environment.getProperty("mooring.database.url", "").isBlank();
        defaults.put("mooring.sandbox.enabled", String.valueOf(embedded));
        defaults.put("mooring.bind-address", embedded ? "127.0.0.1" : "0.0.0.0");
        environment.getPropertySources().addLast(new MapPropertySource("mooring-deployment-defaults", defaults));
    }
}
