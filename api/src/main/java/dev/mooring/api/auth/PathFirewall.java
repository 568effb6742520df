package dev.mooring.api.auth;

import dev.mooring.api.error.ApiException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, with 400 {@code validation_failed}, every request whose path could mean one thing to a
 * filter and another to routing: {@code ;} parameters (routing drops them), encoded slashes,
 * backslashes, dots and percent signs, dot segments, empty segments ({@code //}), control
 * characters, and percent-encoded unreserved characters ({@code %61} for {@code a}, which routing
 * decodes). What passes has one spelling only, so the raw path is the path routing matches.
 *
 * <p>Runs right after {@link dev.mooring.api.error.RequestIdFilter} (whose id every refusal
 * quotes) and before every other filter. Paths Reactor Netty cannot parse as a URI at all (a raw
 * backslash, space or NUL) are refused with a bare 400 before any filter runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class PathFirewall implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String refusal = refusal(exchange.getRequest().getURI().getRawPath());
        if (refusal != null) {
            // the message names the rule, never the path: it may carry anything a client sent
            return Mono.error(ApiException.invalid("the request path " + refusal));
        }
        return chain.filter(exchange);
    }

    /** Why this raw path is refused, or {@code null} when it is acceptable. */
    static String refusal(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        if (rawPath.charAt(0) != '/') {
            return "must start with /";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                return "must not carry ; parameters";
            }
            if (c == '\\') {
                return "must not contain a backslash";
            }
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                return "must not contain control or non-ASCII characters";
            }
            if (c == '%') {
                int decoded = i + 2 < rawPath.length() ? hex(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
                if (decoded < 0) {
                    return "has a malformed percent-encoding";
                }
                if (decoded < 0x20 || decoded == 0x7f) {
                    return "must not contain encoded control characters";
                }
                if (decoded == '/' || decoded == '\\' || decoded == '.' || decoded == '%' || decoded == ';') {
                    return "must not contain an encoded / \\ . % or ;";
                }
                if (unreserved(decoded)) {
                    return "must not percent-encode letters, digits or -._~";
                }
                i += 2;
            }
        }
        if (rawPath.contains("//")) {
            return "must not contain empty segments (//)";
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "must not contain . or .. segments";
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
}
