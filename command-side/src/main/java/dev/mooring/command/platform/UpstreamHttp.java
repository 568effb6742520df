package dev.mooring.command.platform;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client every connector uses: bounded connect and read timeouts, no redirects followed,
 * and HTTP/1.1 always. The JDK's default HTTP/2 asks a cleartext server for an {@code h2c}
 * upgrade, and the reference AT Protocol PDS (like any Node server with a WebSocket endpoint)
 * drops such connections; HTTP/2 over TLS would gain nothing a token call needs.
 */
public final class UpstreamHttp {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private UpstreamHttp() {
    }

    public static RestClient client() {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(READ_TIMEOUT);
        return RestClient.builder().requestFactory(requests).build();
    }
}
