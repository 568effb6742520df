package dev.mooring.api.web;

import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.outbound.OutboundPolicy;
import org.junit.jupiter.api.Test;

import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded default may post to this machine over plain HTTP; a real deployment only over HTTPS
 * and never to this machine. No name is looked up here: the resolver knows none.
 */
class WebhookUrlsTest {

    private static WebhookUrls urls(boolean localWebhooks) {
        return new WebhookUrls(new OutboundPolicy("", localWebhooks, host -> {
            throw new UnknownHostException(host);
        }));
    }

    @Test
    void theEmbeddedDefaultAcceptsPlainHttpToLoopbackOnly() {
        WebhookUrls embedded = urls(true);

        for (String url : new String[]{"http://localhost:8000/hook", "http://127.0.0.1/hook", "http://127.1.2.3:1/x",
                "http://[::1]:9000/hook", "https://hooks.example/x"}) {
            assertThat(embedded.check(url)).isEqualTo(url);
        }
        assertThatThrownBy(() -> embedded.check("http://hooks.example/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> embedded.check("http://localhost.hooks.example/x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> embedded.check("https://10.0.0.1/x")).isInstanceOf(ApiException.class);
    }

    @Test
    void inProductionShapeOnlyHttpsToPublicAddressesIsAccepted() {
        WebhookUrls deployed = urls(false);

        assertThat(deployed.check("https://hooks.example/x")).isEqualTo("https://hooks.example/x");
        for (String url : new String[]{"https://localhost/hook", "http://localhost:8000/hook", "http://127.0.0.1/hook",
                "http://[::1]/x", "https://192.168.0.10/x", "https://user:pw@hooks.example/x"}) {
            assertThatThrownBy(() -> deployed.check(url)).as(url).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> deployed.check("https://127.0.0.1:9/x"))
                .hasMessage("url not allowed: Mooring does not connect to 127.0.0.1: a loopback address");
    }
}
