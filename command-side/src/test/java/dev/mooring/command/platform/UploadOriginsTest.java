package dev.mooring.command.platform;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadOriginsTest {

    private final UploadOrigins origins = new UploadOrigins(List.of(URI.create("https://www.linkedin.com"),
            URI.create("https://*.upload.example"), URI.create("http://127.0.0.1:8123")));

    @Test
    void aUrlOnAListedOriginIsAllowed() {
        assertThat(origins.allow(URI.create("https://www.linkedin.com/dms-uploads/sp/v2/D4E?ca=vector&sync=0"))).isTrue();
        assertThat(origins.allow(URI.create("https://WWW.LinkedIn.com:443/x"))).isTrue();
        assertThat(origins.allow(URI.create("https://eu.upload.example/x"))).isTrue();
        assertThat(origins.allow(URI.create("http://127.0.0.1:8123/upload"))).isTrue();
    }

    @Test
    void anyOtherScheme_host_portOrUserinfoIsNot() {
        assertThat(origins.allow(URI.create("http://www.linkedin.com/x"))).as("scheme").isFalse();
        assertThat(origins.allow(URI.create("https://www.linkedin.com:8443/x"))).as("port").isFalse();
        assertThat(origins.allow(URI.create("https://www.linkedin.com.evil.example/x"))).as("suffix").isFalse();
        assertThat(origins.allow(URI.create("https://upload.example/x"))).as("a wildcard covers names below only").isFalse();
        assertThat(origins.allow(URI.create("https://evilupload.example/x"))).as("label boundary").isFalse();
        assertThat(origins.allow(URI.create("https://me@www.linkedin.com/x"))).as("userinfo").isFalse();
        assertThat(origins.allow(URI.create("http://127.0.0.1:8124/upload"))).as("another port").isFalse();
        assertThat(origins.allow(URI.create("/relative"))).isFalse();
    }

    @Test
    void anOriginIsSchemeHostAndPortOnly() {
        assertThatThrownBy(() -> new UploadOrigins(List.of(URI.create("https://www.linkedin.com/path"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UploadOrigins(List.of(URI.create("www.linkedin.com"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new UploadOrigins(null).allow(URI.create("https://www.linkedin.com/x"))).isFalse();
    }
}
