package dev.mooring.api.gate.firewall;

import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's strict firewall, which refuses {@code ;} parameters, encoded slashes, backslashes,
 * dots and percent signs, dot segments, empty segments, NUL, CR and LF, non-printable header names
 * and values, and unusual methods — plus what routing would still read as a second spelling of a
 * path: percent-encoded unreserved characters ({@code %61} for {@code a}, which routing decodes),
 * other encoded control characters, raw non-ASCII, malformed percent-encodings. What passes has one
 * spelling only, so the path the gate's rules match is the path routing matches.
 *
 * <p>Paths Reactor Netty cannot parse as a URI at all (a raw backslash, space or NUL) are refused
 * with a bare 400 before this runs.
 */
@Component
public class MooringFirewall extends StrictServerWebExchangeFirewall {

    @Override
    public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
        String refusal = refusal(exchange.getRequest().getURI().getRawPath());
        if (refusal != null) {
            return Mono.error(new PathRefused(refusal));
        }
        return super.getFirewalledExchange(exchange);
    }

    /** Why this raw path is refused beyond what the strict firewall checks, or {@code null}. */
    static String refusal(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        if (rawPath.charAt(0) != '/') {
            return "the request path must start with /";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                return "the request path must not contain control or non-ASCII characters";
            }
            if (c == '%') {
                int decoded = i + 2 < rawPath.length() ? hex(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
                if (decoded < 0) {
                    return "the request path has a malformed percent-encoding";
                }
                if (decoded < 0x20 || decoded == 0x7f) {
                    return "the request path must not contain encoded control characters";
                }
                if (unreserved(decoded)) {
                    return "the request path must not percent-encode letters, digits or -._~";
                }
                i += 2;
            }
        }
        return null;
    }

    private static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** A refusal by one of Mooring's own rules; its message names the rule, never the path. */
    static final class PathRefused extends ServerExchangeRejectedException {
        PathRefused(String message) {
            super(message);
        }
    }
}
