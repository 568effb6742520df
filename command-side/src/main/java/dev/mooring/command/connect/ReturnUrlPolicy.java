package dev.mooring.command.connect;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a finished connect may send the browser: only to an origin listed in
 * {@code MOORING_RETURN_URL_ORIGINS} or to Mooring's own public origin, so a connect link can
 * never be turned into an open redirect.
 */
@ConfigurationProperties("mooring")
record ReturnUrlPolicy(List<URI> returnUrlOrigins) {

    public boolean allows(URI returnUrl, URI publicUrl) {
        if (returnUrl == null || !returnUrl.isAbsolute() || returnUrl.getHost() == null
                || returnUrl.getRawUserInfo() != null) {
            return false;
        }
        String scheme = returnUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return false;
        }
        return sameOrigin(returnUrl, publicUrl)
                || (returnUrlOrigins != null && returnUrlOrigins.stream().anyMatch(origin -> sameOrigin(returnUrl, origin)));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(Objects.requireNonNullElse(b.getHost(), ""))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
