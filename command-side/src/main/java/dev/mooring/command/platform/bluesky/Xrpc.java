package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.RetryAfter;
import dev.mooring.command.platform.UpstreamDeadline;
import dev.mooring.command.platform.UpstreamHttp;
import dev.mooring.command.platform.oauth.UpstreamError;
import dev.mooring.command.platform.GuardedHttp;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * HTTP to AT Protocol servers: XRPC queries (GET) and procedures (POST JSON) at
 * {@code <server>/xrpc/<nsid>}, and plain JSON documents (DID documents). What may pass is decided
 * here, the same for every call: no answer, a 5xx or a 429 is {@link Kind#UNAVAILABLE}, with how
 * long to wait when the server said. Any other refusal is an {@link XrpcError} for the caller.
 *
 * <p>The entryway and the PLC directory are the operator's configuration and trusted. Every other
 * server (a {@code did:web} host, a PDS a DID document names) was chosen by whoever controls the
 * identity, so calls there go through the {@link OutboundPolicy}: a refusal is
 * {@code platform_rejected} naming the host and the rule, and nothing is sent.
 */
@Component
class Xrpc {

    private static final ObjectMapper JSON = new ObjectMapper();
    // the AT Protocol rate limiter says when its window ends this way
    private static final String RATE_LIMIT_RESET = "RateLimit-Reset";

    private final RestClient trusted = UpstreamHttp.client();
    private final RestClient guarded;
    private final OutboundPolicy policy;
    private final BlueskyProperties properties;
    private final Clock clock;

    Xrpc(Clock clock, BlueskyProperties properties, OutboundPolicy policy) {
        this.clock = clock;
        this.properties = properties;
        this.policy = policy;
        this.guarded = GuardedHttp.client(policy, OutboundPolicy.Use.IDENTITY);
    }

    private boolean trusted(URI url) {
        return sameOrigin(url, properties.serviceUrl()) || sameOrigin(url, properties.plcUrl());
    }

    private RestClient http(URI url) {
        return trusted(url) ? trusted : guarded;
    }

    /**
     * The server URL as the identity gave it, before any builder reads it: java.net.URI finds no
     * host in spellings such as {@code 127.1}, and the policy must name what was refused.
     */
    private void guard(URI server) {
        if (!trusted(server)) {
            try {
                policy.permit(server, OutboundPolicy.Use.IDENTITY);
            } catch (OutboundRefused refused) {
                throw refusedBy(refused);
            }
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    JsonNode query(URI server, String nsid, Map<String, String> parameters, String bearer) {
        guard(server);
        UriComponentsBuilder url = UriComponentsBuilder.fromUri(server).path("/xrpc/" + nsid);
        parameters.forEach(url::queryParam);
        URI target = url.encode().build().toUri();
        return call(server, http(target).get().uri(target).headers(h -> authorize(h, bearer)));
    }

    JsonNode procedure(URI server, String nsid, Map<String, String> body, String bearer) {
        guard(server);
        URI url = UriComponentsBuilder.fromUri(server).path("/xrpc/" + nsid).build().toUri();
        RestClient.RequestBodySpec request = http(url).post().uri(url).headers(h -> authorize(h, bearer));
        return call(server, body == null ? request : request.contentType(MediaType.APPLICATION_JSON).body(body));
    }

    JsonNode document(URI url) {
        guard(url);
        return call(url, http(url).get().uri(url));
    }

    private static void authorize(HttpHeaders headers, String bearer) {
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
    }

    private JsonNode call(URI server, RestClient.RequestHeadersSpec<?> request) {
        UpstreamDeadline.check(Platform.BLUESKY, "nothing more was asked of " + server.getHost());
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
                            RetryAfter.from(response.getHeaders(), RATE_LIMIT_RESET, clock.instant()));
                }
                throw new XrpcError(status, error);
            });
        } catch (OutboundRefused refused) {
            throw refusedBy(refused);
        } catch (ResourceAccessException e) {
            OutboundRefused refused = GuardedHttp.refusal(e);
            if (refused != null) {
                throw refusedBy(refused);
            }
            throw new PlatformFailure(Kind.UNAVAILABLE, Platform.BLUESKY, "network", server.getHost()
                    + " could not be reached (" + e.getMostSpecificCause().getClass().getSimpleName() + ")", null);
        }
    }

    /** What was refused and why, the same whether or not anything listens there. */
    private static PlatformFailure refusedBy(OutboundRefused refused) {
        return PlatformFailure.rejected(Platform.BLUESKY, "outbound_refused", refused.getMessage());
    }
}
