package dev.mooring.api.platform;

import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.platform.pinterest.PinterestTestServer;
import dev.mooring.api.platform.x.XTestServer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;

import java.util.List;
import java.util.function.Supplier;

/**
 * One test server per OAuth platform, started with the application context and closed with it,
 * and the settings that point Mooring at them. Return URLs may go to {@link #RETURN_ORIGIN}, a
 * posting tool's origin the browser never actually visits.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPlatforms {

    public static final String RETURN_ORIGIN = "https://app.example";

    @Bean
    XTestServer xTestServer(Environment environment) {
        return new XTestServer(registeredRedirectUri(environment, "x"));
    }

    @Bean
    LinkedInTestServer linkedInTestServer(Environment environment) {
        return new LinkedInTestServer(registeredRedirectUri(environment, "linkedin"));
    }

    @Bean
    PinterestTestServer pinterestTestServer(Environment environment) {
        return new PinterestTestServer(registeredRedirectUri(environment, "pinterest"));
    }

    @Bean
    DynamicPropertyRegistrar testPlatformSettings(XTestServer x, LinkedInTestServer linkedIn, PinterestTestServer pinterest) {
        return registry -> {
            for (TestOAuthServer<?> platform : List.of(x, linkedIn, pinterest)) {
                platform.mooringSettings().forEach((name, value) -> registry.add(name, () -> value));
            }
            registry.add("mooring.return-url-origins", () -> RETURN_ORIGIN);
        };
    }

    /**
     * The redirect URI registered with each platform, written out here rather than taken from
     * Mooring, so a change in what Mooring sends shows up as a mismatch.
     */
    private static Supplier<String> registeredRedirectUri(Environment environment, String platform) {
        return () -> "http://localhost:" + environment.getProperty("local.server.port") + "/v1/accounts/connect/" + platform + "/complete";
    }
}
