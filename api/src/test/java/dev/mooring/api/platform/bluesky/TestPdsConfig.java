package dev.mooring.api.platform.bluesky;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Starts one test PDS with the application and points Mooring's Bluesky settings at it. */
@TestConfiguration(proxyBeanMethods = false)
public class TestPdsConfig {

    @Bean(destroyMethod = "close")
    TestPds testPds() {
        return TestPds.start();
    }

    @Bean
    DynamicPropertyRegistrar blueskyEndpoints(TestPds pds) {
        return registry -> {
            registry.add("mooring.bluesky.service-url", () -> pds.url().toString());
            registry.add("mooring.bluesky.plc-url", () -> pds.plcUrl().toString());
        };
    }
}
