package dev.mooring.api.support;

import dev.mooring.api.MooringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.List;

/** A whole Mooring process started as the run command would, for tests about startup and restarts. */
public final class RunningMooring implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningMooring(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts on a random port with the given {@code key=value} settings, passed as command-line arguments. */
    public static RunningMooring start(String... settings) {
        List<String> arguments = new ArrayList<>();
        for (String setting : settings) {
            arguments.add("--" + setting);
        }
        arguments.add("--server.port=0");
        return new RunningMooring(new SpringApplicationBuilder(MooringApplication.class)
                .run(arguments.toArray(String[]::new)));
    }

    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port")).build();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
