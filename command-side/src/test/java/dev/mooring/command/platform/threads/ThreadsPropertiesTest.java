package dev.mooring.command.platform.threads;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Threads' endpoints as bound from the environment under the names docs/configuration.md lists. */
class ThreadsPropertiesTest {

    @Test
    void consentIsOnThreadsComAndTokenCallsStayOnGraphThreadsNet() {
        ThreadsProperties threads = bind(Map.of());

        assertThat(threads.authorizeUrl()).isEqualTo(URI.create("https://threads.com/oauth/authorize"));
        assertThat(threads.tokenUrl()).isEqualTo(URI.create("https://graph.threads.net/oauth/access_token"));
        assertThat(threads.apiUrl()).isEqualTo(URI.create("https://graph.threads.net"));
    }

    @Test
    void theAuthorizeUrlCanBePointedElsewhere() {
        ThreadsProperties threads = bind(Map.of("MOORING_THREADS_AUTHORIZE_URL", "https://www.threads.net/oauth/authorize"));

        assertThat(threads.authorizeUrl()).isEqualTo(URI.create("https://www.threads.net/oauth/authorize"));
    }

    private static ThreadsProperties bind(Map<String, Object> environment) {
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .bindOrCreate("mooring.threads", ThreadsProperties.class);
    }
}
