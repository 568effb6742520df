package dev.mooring.api;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.auth.CreateApiKeyCommand;
import dev.mooring.command.vault.MasterKeyRotation;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        // operator commands exit themselves: Axon 4.13.0's message-timeout janitor (a non-daemon thread that
        // no context close stops, AxonFramework#4244) would otherwise keep the JVM up once any message was handled
        if (Arrays.asList(args).contains(ROTATE_MASTER_KEY)) {
            System.exit(rotationExitCode(args));
        } else if (args.length > 0 && args[0].equals(CreateApiKeyCommand.NAME)) {
            System.exit(createApiKeyExitCode(System.out, System.err, args));
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
        try (ConfigurableApplicationContext context = operatorContext(Arrays.asList(args))) {
            return context.getBean(MasterKeyRotation.class).rotate();
        }
    }

    /** 0 with the key printed to {@code out}, 64 (EX_USAGE) for arguments it cannot run with, 1 when it failed. */
    static int createApiKeyExitCode(PrintStream out, PrintStream err, String... args) {
        try {
            out.print(createApiKey(args).describe());
            return 0;
        } catch (CreateApiKeyCommand.UsageException usage) {
            err.println(usage.getMessage());
            return 64;
        } catch (RuntimeException failed) {
            LoggerFactory.getLogger(MooringApplication.class).error("Creating an API key failed: {}", failed.toString());
            return 1;
        }
    }

    /** The first API key of a workspace on any database (there the development key is off). */
    public static CreateApiKeyCommand.Outcome createApiKey(String... args) {
        List<String> settings = new ArrayList<>();
        CreateApiKeyCommand command = CreateApiKeyCommand.parse(Arrays.asList(args), settings);
        try (ConfigurableApplicationContext context = operatorContext(settings)) {
            return command.run(context.getBean(ApiKeys.class));
        }
    }

    private static ConfigurableApplicationContext operatorContext(List<String> args) {
        String[] settings = Stream.concat(args.stream(), Stream.of("--mooring.dev-key=false")).toArray(String[]::new);
        return new SpringApplicationBuilder(MooringApplication.class).web(WebApplicationType.NONE).run(settings);
    }
}
