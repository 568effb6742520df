package dev.mooring.command.platform.facebook;

import dev.mooring.command.platform.ProxyTarget;
import dev.mooring.command.platform.meta.AppSecretProof;
import dev.mooring.command.vault.PlainCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Page's proxied calls: its token as Bearer, {@code appsecret_proof} unless switched off, the upload origins. */
class FacebookApiAccessTest {

    private static final PlainCredentials PAGE = new PlainCredentials("page-token", null, null, null, null);

    @Test
    void callsCarryThePageTokenAndItsAppSecretProof() {
        ProxyTarget target = new FacebookApiAccess(bind(Map.of())).target(PAGE);

        assertThat(target.base()).isEqualTo(URI.create("https://graph.facebook.com"));
        assertThat(target.authorization().header()).isEqualTo("Bearer page-token");
        assertThat(target.authorization().queryParameters())
                .containsExactly(Map.entry("appsecret_proof", AppSecretProof.of("app-secret", "page-token")));
        assertThat(target.authorization().toString()).doesNotContain("page-token");
        assertThat(target.callerChosen()).isFalse();
        assertThat(target.uploads().allow(URI.create("https://rupload.facebook.com/video-upload/v25.0/1"))).isTrue();
        assertThat(target.uploads().allow(URI.create("https://graph-video.facebook.com/v25.0/1/videos"))).isTrue();
    }

    @Test
    void theSettingsNameTheProofAndTheUploadOrigins() {
        ProxyTarget target = new FacebookApiAccess(bind(Map.of("MOORING_FACEBOOK_APPSECRET_PROOF", "false",
                "MOORING_FACEBOOK_UPLOAD_ORIGINS", "http://127.0.0.1:9999"))).target(PAGE);

        assertThat(target.authorization().queryParameters()).isEmpty();
        assertThat(target.uploads().allow(URI.create("http://127.0.0.1:9999/x"))).isTrue();
        assertThat(target.uploads().allow(URI.create("https://rupload.facebook.com/x"))).isFalse();
    }

    private static FacebookProperties bind(Map<String, Object> settings) {
        Map<String, Object> environment = new HashMap<>(settings);
        environment.put("MOORING_FACEBOOK_CLIENT_ID", "app");
        environment.put("MOORING_FACEBOOK_CLIENT_SECRET", "app-secret");
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)), null, new ApplicationConversionService());
        return binder.bindOrCreate("mooring.facebook", FacebookProperties.class);
    }
}
