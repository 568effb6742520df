package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The origins ({@code scheme://host[:port]}) of upload URLs a platform hands out in its answers
 * (LinkedIn's {@code initializeUpload}, Meta's resumable uploads), which the proxy may call as the
 * account. A host written {@code *.example.com} covers every name below {@code example.com}, not
 * the name itself.
 */
@FrontDoor
public record UploadOrigins(List<URI> origins) {

    public UploadOrigins {
        origins = origins == null ? List.of() : List.copyOf(origins);
        for (URI origin : origins) {
            if (origin.getScheme() == null || origin.getRawAuthority() == null || origin.getRawUserInfo() != null
                    || origin.getRawPath() != null && !origin.getRawPath().isEmpty() && !origin.getRawPath().equals("/")
                    || origin.getRawQuery() != null || origin.getRawFragment() != null) {
                throw new IllegalArgumentException("an upload origin is scheme://host[:port] only: " + origin);
            }
        }
    }

    /** Whether {@code url} is on one of these origins: same scheme, host (or below a wildcard) and port. */
    public boolean allow(URI url) {
        if (url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = port(url);
        return origins.stream().anyMatch(origin -> origin.getScheme().equalsIgnoreCase(scheme) && port(origin) == port
                && covers(authorityHost(origin), host));
    }

    private static boolean covers(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String parent = pattern.substring(1);
            return host.endsWith(parent) && host.length() > parent.length();
        }
        return pattern.equals(host);
    }

    // URI reads no host in "https://*.linkedin.com", so the pattern is taken from the authority
    private static String authorityHost(URI origin) {
        String authority = origin.getRawAuthority().toLowerCase(Locale.ROOT);
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    }

    private static int port(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        String authority = url.getRawAuthority();
        int colon = authority == null ? -1 : authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            return Integer.parseInt(authority.substring(colon + 1));
        }
        return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }
}
