package dev.mooring.api.platform;

import dev.mooring.api.support.MooringTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;

/**
 * {@link MooringTest} with Facebook, Instagram and Threads pointed at their test servers, and
 * Mooring reading the servers' {@link ShiftableClock}. Every class with this annotation shares one
 * running instance.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@MooringTest
@ContextConfiguration(initializers = MetaTestServers.Settings.class)
@Import(MetaTest.SharedClock.class)
public @interface MetaTest {

    @TestConfiguration(proxyBeanMethods = false)
    class SharedClock {
        @Bean
        @Primary
        Clock shiftableClock() {
            return MetaTestServers.clock();
        }
    }
}
