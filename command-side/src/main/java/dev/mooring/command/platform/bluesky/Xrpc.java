package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.UpstreamError;
import dev.mooring.kernel.Platform;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP to AT Protocol servers: XRPC queries (GET) and procedures (POST JSON) at
 * {@code <server>/xrpc/<nsid>}, and plain JSON documents (DID documents). What may pass is decided
 * here, the same for every call: no answer, a 5xx or a 429 is {@link Kind#UNAVAILABLE}, with how
 * long to wait when the server said. Any other refusal is an {@link XrpcError} for the caller.
 */
@Component
class Xrpc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http = UpstreamHttp.client();
    private final Clock clock;

    Xrpc(Clock clock) {
        this.clock = clock;
    }

    JsonNode query(URI server, String nsid, Map<String, String> parameters, String bearer) {
        UriComponentsBuilder url = UriComponentsBuilder.fromUri(server).path("/xrpc/" + nsid);
        parameters.forEach(url::queryParam);
        return call(server, http.get().uri(url.encode().build().toUri()).headers(h -> authorize(h, bearer)));
    }

    JsonNode procedure(URI server, String nsid, Map<String, String> body, String bearer) {
        URI url = UriComponentsBuilder.fromUri(server).path("/xrpc/" + nsid).build().toUri();
        RestClient.RequestBodySpec request = http.post().uri(url).headers(h -> authorize(h, bearer));
        return call(server, body == null ? request : request.contentType(MediaType.APPLICATION_JSON).body(body));
    }

    JsonNode document(URI url) {
        return call(url, http.get().uri(url));
    }

    private static void authorize(HttpHeaders headers, String bearer) {
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
    }

    private JsonNode call(URI server, RestClient.RequestHeadersSpec<?> request) {
        try {
            return request.accept(MediaType.APPLICATION_JSON).exchange((req, response) -> {
                int status = response.getStatusCode().value();
                String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (status >= 200 && status < 300) {
                    return JSON.readTree(body.isBlank() ? "{}" : body);
                }
                UpstreamError error = UpstreamError.parse(status, body);
                if (status == 429 || status >= 500) {
                    throw new PlatformFailure(Kind.UNAVAILABLE, Platform.BLUESKY, error.name(),
                            server.getHost() + " answered " + status + " (" + error.summary() + ")",
                            retryAfter(response.getHeaders()));
                }
                throw new XrpcError(status, error);
            });
        } catch (ResourceAccessException e) {
            throw new PlatformFailure(Kind.UNAVAILABLE, Platform.BLUESKY, "network", server.getHost()
                    + " could not be reached (" + e.getMostSpecificCause().getClass().getSimpleName() + ")", null);
        }
    }

    /**
     * {@code Retry-After} in seconds when sent; otherwise the AT Protocol rate limiter's
     * {@code RateLimit-Reset}, the epoch second its window ends.
     */
    private Duration retryAfter(HttpHeaders headers) {
        Long retryAfter = seconds(headers.getFirst(HttpHeaders.RETRY_AFTER));
        if (retryAfter != null) {
            return Duration.ofSeconds(retryAfter);
        }
        Long reset = seconds(headers.getFirst("RateLimit-Reset"));
        if (reset == null) {
            return null;
        }
        return Duration.ofSeconds(Math.max(1, reset - clock.instant().getEpochSecond()));
    }

    private static Long seconds(String value) {
        try {
            return value == null ? null : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the caller's own backoff applies
        }
    }
}
