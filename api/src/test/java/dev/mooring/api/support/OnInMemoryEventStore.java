package dev.mooring.api.support;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Map;

/**
 * {@link MooringTest}, but with Axon's in-memory event store in place of the JDBC one on
 * {@code domain_event_entry}; the read model, tokens and sagas stay on PostgreSQL. Whatever passes
 * here reads events only through Axon's event store API, as it must on Axon Server. The stream's
 * settings come from the environment under the names docs/configuration.md lists.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@MooringTest
@Import(OnInMemoryEventStore.Store.class)
@ContextConfiguration(initializers = OnInMemoryEventStore.StreamSettingsFromTheEnvironment.class)
public @interface OnInMemoryEventStore {

    /** Neither default nor {@link MooringTest}'s, so a test can tell that the environment name was read. */
    Duration HEARTBEAT = Duration.ofMillis(900);
    Duration POLL_INTERVAL = Duration.ofMillis(40);

    @TestConfiguration(proxyBeanMethods = false)
    class Store {
        /** Primary over the JDBC engine, which stays declared but holds nothing. */
        @Bean
        @Primary
        EventStorageEngine inMemoryEventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }
    }

    class StreamSettingsFromTheEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("events-env", Map.of(
                    "MOORING_EVENTS_HEARTBEAT", HEARTBEAT.toMillis() + "ms",
                    "MOORING_EVENTS_POLL_INTERVAL", POLL_INTERVAL.toMillis() + "ms")));
        }
    }
}
