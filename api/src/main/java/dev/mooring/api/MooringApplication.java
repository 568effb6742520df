package dev.mooring.api;

import dev.mooring.command.account.AccountIdentities;
import dev.mooring.query.accounts.AccountsProjection;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Mooring: one process with the command side, the query side and the HTTP API. */
@SpringBootApplication(scanBasePackageClasses = {
        MooringApplication.class, AccountIdentities.class, AccountsProjection.class})
@ConfigurationPropertiesScan
public class MooringApplication {

    public static void main(String[] args) {
        // Axon prints an advertisement for its console on every start unless told not to
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(MooringApplication.class, args);
    }
}
