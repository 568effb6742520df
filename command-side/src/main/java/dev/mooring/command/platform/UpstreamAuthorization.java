package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a call proves it is the account: an {@code Authorization} header value and query parameters
 * to add (Graph's {@code appsecret_proof}). Holds the token in clear on its way to the upstream
 * request; its {@code toString} never shows it.
 *
 * @param token the access token itself, so that an answer echoing it can be caught
 */
@FrontDoor
public record UpstreamAuthorization(String header, Map<String, String> queryParameters, String token) {

    public UpstreamAuthorization {
        queryParameters = Map.copyOf(queryParameters);
    }

    public static UpstreamAuthorization bearer(String token) {
        return new UpstreamAuthorization("Bearer " + token, Map.of(), token);
    }

    /** The same credentials with one more query parameter. */
    public UpstreamAuthorization withQueryParameter(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(queryParameters);
        more.put(name, value);
        return new UpstreamAuthorization(header, more, token);
    }

    @Override
    public String toString() {
        return "UpstreamAuthorization[query " + queryParameters.keySet() + ", token redacted]";
    }
}
