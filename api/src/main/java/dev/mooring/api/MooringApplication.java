package dev.mooring.api;

import dev.mooring.command.vault.MasterKeyRotation;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.stream.Stream;

/** Mooring: one process with the command side, the query side and the HTTP API. */
@SpringBootApplication(scanBasePackages = {"dev.mooring.api", "dev.mooring.command", "dev.mooring.query"})
@ConfigurationPropertiesScan("dev.mooring")
public class MooringApplication {

    /** Re-wraps every data key under the newest master key, then exits instead of serving. */
    public static final String ROTATE_MASTER_KEY = "--rotate-master-key";

    public static void main(String[] args) {
        // Axon prints an advertisement for its console on every start unless told not to
        System.setProperty("disable-axoniq-console-message", "true");
        if (Arrays.asList(args).contains(ROTATE_MASTER_KEY)) {
            // exits itself: Axon 4.13.0's message-timeout janitor (a non-daemon thread that no context close
            // stops, AxonFramework#4244) would otherwise keep the JVM up once any message was handled
            System.exit(rotationExitCode(args));
        } else {
            SpringApplication.run(MooringApplication.class, args);
        }
    }

    /**
     * 0 when every data key is under the newest master key, 2 when some are still under older ones
     * (an instance without the newest key created them: run again), 1 when the rotation failed.
     */
    static int rotationExitCode(String... args) {
        try {
            return rotateMasterKey(args).stillInUse().isEmpty() ? 0 : 2;
        } catch (RuntimeException failed) {
            // the vault's messages name key ids, never key material
            LoggerFactory.getLogger(MooringApplication.class).error("Master key rotation failed: {}", failed.toString());
            return 1;
        }
    }

    /**
     * An operator's action rather than an API route: API keys belong to workspaces, and master keys
     * belong to the whole deployment. Runs beside live instances; no HTTP port, no development key.
     */
    public static MasterKeyRotation.Outcome rotateMasterKey(String... args) {
        String[] settings = Stream.concat(Arrays.stream(args), Stream.of("--mooring.dev-key=false"))
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MooringApplication.class)
                .web(WebApplicationType.NONE)
                .run(settings)) {
            return context.getBean(MasterKeyRotation.class).rotate();
        }
    }
}
