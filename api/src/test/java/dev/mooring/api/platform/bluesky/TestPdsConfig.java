package dev.mooring.api.platform.bluesky;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Starts one test PDS with the application, points Mooring's Bluesky settings at it, and allows its PDS host. */
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
            // accounts' DID documents name the PDS as http://127.0.0.1:<port>: a loopback address over plain
            // http, which the outbound policy lets through only because it is listed, as a self-hosted PDS is
            registry.add("mooring.outbound.allowed-hosts", () -> pds.pdsUrl().getHost());
        };
    }
}
