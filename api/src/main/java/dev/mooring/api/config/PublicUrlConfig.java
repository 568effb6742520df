package dev.mooring.api.config;

import dev.mooring.command.connect.PublicBaseUrl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.net.URI;

/**
 * {@code MOORING_PUBLIC_URL}, or this instance's own address when unset. Read on each use, since the
 * port is only known once the server listens (tests run on random ports).
 */
@Configuration(proxyBeanMethods = false)
class PublicUrlConfig {

    @Bean
    PublicBaseUrl publicBaseUrl(MooringProperties properties, Environment environment) {
        return () -> properties.publicUrl() != null
                ? properties.publicUrl()
                : URI.create("http://localhost:" + environment.getProperty("local.server.port", String.valueOf(properties.port())));
    }
}
