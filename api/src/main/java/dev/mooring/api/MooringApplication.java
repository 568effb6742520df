package dev.mooring.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Mooring: one process with the command side, the query side and the HTTP API. */
@SpringBootApplication(scanBasePackages = {"dev.mooring.api", "dev.mooring.command", "dev.mooring.query"})
@ConfigurationPropertiesScan("dev.mooring")
public class MooringApplication {

    public static void main(String[] args) {
        // Axon prints an advertisement for its console on every start unless told not to
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(MooringApplication.class, args);
    }
}
