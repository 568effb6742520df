package dev.mooring.api.proxy;

import dev.mooring.api.platform.MetaTestServers;
import dev.mooring.api.platform.MooringWithTestPlatforms;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.web.AccountReads;
import dev.mooring.command.connect.ConnectService;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * The application with every platform pointed at its test server (X, LinkedIn and Pinterest; the
 * Meta surfaces; a Bluesky PDS), LinkedIn's upload origins at an {@link UploadTestServer}, at the
 * LinkedIn test server's own upload host and at a port where nothing listens, a body limit of {@value #MAX_BODY_MB} MB and a 3-second response
 * timeout. Every class with this annotation shares one running instance.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@MooringWithTestPlatforms
@ContextConfiguration(initializers = MetaTestServers.Settings.class)
@Import({TestPdsConfig.class, ProxyTest.Uploads.class})
@TestPropertySource(properties = {"mooring.proxy.max-body=" + ProxyTest.MAX_BODY_MB + "MB", "mooring.proxy.response-timeout=3s"})
public @interface ProxyTest {

    int MAX_BODY_MB = 80;

    @TestConfiguration(proxyBeanMethods = false)
    class Uploads {

        @Bean(destroyMethod = "close")
        UploadTestServer uploadTestServer() {
            return new UploadTestServer();
        }

        @Bean
        ProxyClient proxyClient(Environment environment, ConnectService connect, AccountReads reads) {
            return new ProxyClient(() -> environment.getRequiredProperty("local.server.port", Integer.class), connect, reads);
        }

        @Bean
        NowhereOrigin nowhereOrigin() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return new NowhereOrigin(URI.create("http://127.0.0.1:" + socket.getLocalPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Bean
        DynamicPropertyRegistrar linkedInUploadOrigins(UploadTestServer uploads, NowhereOrigin nowhere, LinkedInTestServer linkedIn) {
            return registry -> registry.add("mooring.linkedin.upload-origins",
                    () -> uploads.origin() + "," + nowhere.origin() + "," + linkedIn.uploadOrigin());
        }
    }

    /** An upload origin where nothing listens: a platform that cannot be reached. */
    record NowhereOrigin(URI origin) {
    }
}
