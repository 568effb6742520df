package dev.mooring.api.platform;

import dev.mooring.api.platform.facebook.FacebookTestServer;
import dev.mooring.api.platform.instagram.InstagramTestServer;
import dev.mooring.api.platform.threads.ThreadsTestServer;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * The Facebook, Instagram and Threads test servers, one each for the whole test run, and the
 * settings that point Mooring at them. The Graph versions differ from Mooring's defaults so the
 * servers can tell the configured version is the one used.
 */
public final class MetaTestServers {

    public static final String FACEBOOK_GRAPH_VERSION = "v24.0";
    public static final String INSTAGRAM_GRAPH_VERSION = "v24.0";
    public static final String THREADS_GRAPH_VERSION = "v1.0";

    private static final ShiftableClock CLOCK = new ShiftableClock();
    private static final FacebookTestServer FACEBOOK = new FacebookTestServer(FACEBOOK_GRAPH_VERSION, CLOCK);

    static {
        // the strictest app setting: Mooring sends appsecret_proof by default, so every connect proves it
        FACEBOOK.requireAppSecretProof(true);
    }
    private static final InstagramTestServer INSTAGRAM = new InstagramTestServer(INSTAGRAM_GRAPH_VERSION, CLOCK);
    private static final ThreadsTestServer THREADS = new ThreadsTestServer(THREADS_GRAPH_VERSION, CLOCK);
    private static volatile int mooringPort;

    private MetaTestServers() {
    }

    public static FacebookTestServer facebook() {
        return FACEBOOK;
    }

    public static InstagramTestServer instagram() {
        return INSTAGRAM;
    }

    public static ThreadsTestServer threads() {
        return THREADS;
    }

    public static ShiftableClock clock() {
        return CLOCK;
    }

    /** Where the Mooring under test listens (and so its redirect URIs). */
    public static String mooringUrl() {
        return "http://localhost:" + mooringPort;
    }

    /** Points Mooring's Meta settings at the test servers and learns Mooring's port once it listens. */
    public static final class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> settings = new HashMap<>();
            settings.put("mooring.facebook.client-id", FACEBOOK.clientId());
            settings.put("mooring.facebook.client-secret", FACEBOOK.clientSecret());
            settings.put("mooring.facebook.graph-version", FACEBOOK_GRAPH_VERSION);
            settings.put("mooring.facebook.authorize-url", FACEBOOK.url("/" + FACEBOOK_GRAPH_VERSION + "/dialog/oauth").toString());
            settings.put("mooring.facebook.api-url", FACEBOOK.url("").toString());
            settings.put("mooring.instagram.client-id", INSTAGRAM.clientId());
            settings.put("mooring.instagram.client-secret", INSTAGRAM.clientSecret());
            settings.put("mooring.instagram.graph-version", INSTAGRAM_GRAPH_VERSION);
            settings.put("mooring.instagram.authorize-url", INSTAGRAM.url("/oauth/authorize").toString());
            settings.put("mooring.instagram.token-url", INSTAGRAM.url("/oauth/access_token").toString());
            settings.put("mooring.instagram.api-url", INSTAGRAM.url("").toString());
            settings.put("mooring.threads.client-id", THREADS.clientId());
            settings.put("mooring.threads.client-secret", THREADS.clientSecret());
            settings.put("mooring.threads.graph-version", THREADS_GRAPH_VERSION);
            settings.put("mooring.threads.authorize-url", THREADS.url("/oauth/authorize").toString());
            settings.put("mooring.threads.token-url", THREADS.url("/oauth/access_token").toString());
            settings.put("mooring.threads.api-url", THREADS.url("").toString());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("meta-test-servers", settings));
            context.addApplicationListener(new ApplicationListener<WebServerInitializedEvent>() {
                @Override
                public void onApplicationEvent(WebServerInitializedEvent event) {
                    mooringPort = event.getWebServer().getPort();
                }
            });
        }
    }
}
