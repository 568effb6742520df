package dev.mooring.api.web;

import dev.mooring.api.config.MooringProperties;
import dev.mooring.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded default may post to this machine over plain HTTP; a real deployment only over HTTPS. */
class WebhookUrlsTest {

    private static WebhookUrls urls(String databaseUrl) {
        return new WebhookUrls(new MooringProperties(8080, Path.of("data"), null,
                new MooringProperties.Database(databaseUrl, "u", "p"), null, null, null, "k", null));
    }

    @Test
    void theEmbeddedDefaultAcceptsPlainHttpToLoopbackOnly() {
        WebhookUrls embedded = urls(null);

        for (String url : new String[]{"http://localhost:8000/hook", "http://127.0.0.1/hook", "http://127.1.2.3:1/x",
                "http://[::1]:9000/hook", "https://hooks.example/x"}) {
            assertThat(embedded.check(url)).isEqualTo(url);
        }
        assertThatThrownBy(() -> embedded.check("http://hooks.example/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> embedded.check("http://localhost.hooks.example/x")).isInstanceOf(ApiException.class);
    }

    @Test
    void withAConfiguredDatabaseOnlyHttpsIsAccepted() {
        WebhookUrls deployed = urls("jdbc:postgresql://db/mooring");

        assertThat(deployed.check("https://localhost/hook")).isEqualTo("https://localhost/hook");
        for (String url : new String[]{"http://localhost:8000/hook", "http://127.0.0.1/hook", "http://[::1]/x"}) {
            assertThatThrownBy(() -> deployed.check(url)).as(url).isInstanceOf(ApiException.class);
        }
    }
}
