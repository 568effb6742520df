package dev.mooring.api.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the settings are read, so it comes
 * up while Spring builds the context rather than before the rest of it: about a second off a restart,
 * initdb's few seconds off the first start. The context's {@link EmbeddedPostgresHolder} bean takes it
 * over and stops it last; a start that fails before then stops it here. With a database URL, or
 * settings that do not bind (the context then says what is wrong), nothing starts early.
 */
public class EmbeddedPostgresStart implements ApplicationListener<SpringApplicationEvent>, Ordered {

    static final String BEAN_NAME = "embeddedPostgresStart";

    private volatile CompletableFuture<EmbeddedPostgresHolder> starting;
    private volatile boolean takenOver;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            settings(prepared).filter(MooringProperties::embeddedDatabase).ifPresent(settings -> {
                // the data directory as resolved here, for every later binding too: a setting such as
                // target/test-data/${random.uuid} resolves anew each time, and the database, the master
                // key and the development key must all land in the one directory
                prepared.getEnvironment().getPropertySources().addFirst(new MapPropertySource("mooring-embedded-data-dir",
                        Map.of("mooring.data-dir", settings.dataDir().toString())));
                starting = CompletableFuture.supplyAsync(() -> EmbeddedPostgresHolder.start(settings.dataDir(), new SecureRandom()),
                        task -> {
                            Thread thread = new Thread(task, "embedded-postgres-start");
                            thread.setDaemon(true);
                            thread.start();
                        });
                prepared.getSpringApplication().addInitializers(
                        context -> context.getBeanFactory().registerSingleton(BEAN_NAME, this));
            });
        } else if (event instanceof ApplicationFailedEvent && starting != null && !takenOver) {
            // waits for it: the JVM is about to exit, and a PostgreSQL still starting would outlive it
            try {
                starting.join().close();
            } catch (CompletionException startFailedToo) {
                // nothing running to stop
            }
        }
    }

    /** The started PostgreSQL, once it is up; its own failure as thrown, as if started here. */
    EmbeddedPostgresHolder takeOver() {
        takenOver = true;
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Optional<MooringProperties> settings(ApplicationEnvironmentPreparedEvent event) {
        try {
            return Optional.ofNullable(Binder.get(event.getEnvironment()).bind("mooring", MooringProperties.class).orElse(null));
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }

    /** After the logging system and the deployment defaults are set up on the same event. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
