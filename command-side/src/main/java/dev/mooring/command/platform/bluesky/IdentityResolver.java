package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Finds the server an account lives on. A handle becomes a DID through the entryway's
 * {@code com.atproto.identity.resolveHandle}, which tries DNS ({@code _atproto.<handle>} TXT) and
 * {@code https://<handle>/.well-known/atproto-did} itself, so Mooring needs no DNS client. A DID
 * becomes its document (the PLC directory for {@code did:plc}, {@code /.well-known/did.json} on
 * the host for {@code did:web}), whose {@code #atproto_pds} service is the PDS.
 */
@Component
class IdentityResolver {

    private final Xrpc xrpc;
    private final BlueskyProperties properties;

    IdentityResolver(Xrpc xrpc, BlueskyProperties properties) {
        this.xrpc = xrpc;
        this.properties = properties;
    }

    /** Whether this is a DID of a method Bluesky accounts can have. */
    static boolean supports(String did) {
        return BlueskyDids.isAccountDid(did);
    }

    String didOf(String handle) {
        JsonNode answer;
        try {
            answer = xrpc.query(properties.serviceUrl(), "com.atproto.identity.resolveHandle", Map.of("handle", handle), null);
        } catch (XrpcError refused) {
            throw PlatformFailure.rejected(Platform.BLUESKY, refused.name(), "no Bluesky account has the handle " + handle);
        }
        String did = answer.path("did").asText("");
        if (!supports(did)) {
            throw PlatformFailure.rejected(Platform.BLUESKY, "unsupported_did",
                    "the handle " + handle + " resolves to no DID Bluesky accounts can have");
        }
        return did;
    }

    /** The PDS endpoint of a DID {@link #supports supported} here. */
    URI pdsOf(String did) {
        JsonNode document;
        try {
            document = xrpc.document(documentUrl(did));
        } catch (XrpcError refused) {
            throw PlatformFailure.rejected(Platform.BLUESKY, refused.name(), "the DID document of " + did + " was not found");
        }
        if (!did.equals(document.path("id").asText())) {
            throw PlatformFailure.rejected(Platform.BLUESKY, "did_mismatch", "the DID document served for " + did + " is another's");
        }
        for (JsonNode service : document.path("service")) {
            String id = service.path("id").asText();
            if ((id.equals("#atproto_pds") || id.equals(did + "#atproto_pds"))
                    && service.path("type").asText().equals("AtprotoPersonalDataServer")) {
                URI endpoint = endpoint(service.path("serviceEndpoint").asText(""));
                if (endpoint != null) {
                    return endpoint;
                }
            }
        }
        throw PlatformFailure.rejected(Platform.BLUESKY, "no_pds", "the DID document of " + did + " names no PDS");
    }

    private URI documentUrl(String did) {
        var web = BlueskyDids.DID_WEB.matcher(did);
        if (web.matches()) {
            String host = web.group(1);
            // the reference resolver's rule: did:web on localhost is served over plain HTTP. Parsed, not built
            // from parts: a host java.net.URI cannot build from (127.1) must reach the outbound policy, which names it
            return URI.create((host.equals("localhost") ? "http" : "https") + "://" + host
                    + (web.group(3) == null ? "" : ":" + web.group(3)) + "/.well-known/did.json");
        }
        return UriComponentsBuilder.fromUri(properties.plcUrl()).pathSegment(did).build().toUri();
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text.replaceAll("/+$", ""));
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            // a host java.net.URI does not read (127.1) is still a server: the outbound policy judges it
            return web && uri.getRawAuthority() != null && uri.getRawQuery() == null && uri.getRawFragment() == null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
