package dev.mooring.api.proxy;

import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers that cross the proxy, by allow-list both ways: what a platform call needs (content,
 * versions, idempotency, resumable upload offsets) goes up; the platform's answer headers a caller
 * acts on (content, location, rate limits, LinkedIn's created id) come back. Never the caller's
 * {@code Authorization}, cookies, {@code Host} or {@code X-Forwarded-*}; never an answer header
 * that holds the account's token.
 */
final class ProxyHeaders {

    /** The platform's status, beside the answer's own (which the proxy passes through unchanged). */
    static final String PLATFORM_STATUS = "x-mooring-platform-status";

    private static final Set<String> REQUEST = Set.of("content-type", "content-length", "content-range", "range",
            "accept", "accept-language", "if-match", "if-none-match", "if-modified-since",
            "linkedin-version", "x-restli-protocol-version", "x-restli-method",
            "idempotency-key", "x-idempotency-key",
            // Meta's resumable uploads (rupload.facebook.com)
            "offset", "file_size");

    private static final Set<String> RESPONSE = Set.of("content-type", "content-length", "content-range", "accept-ranges",
            "retry-after", "location", "etag", "last-modified",
            "x-restli-id", "x-restli-protocol-version", "x-app-usage", "x-business-use-case-usage", "x-ad-account-usage");

    // X, Pinterest and LinkedIn rate limits, Bluesky's (RateLimit-*), LinkedIn's own x-li-* ids
    private static final List<String> RESPONSE_FAMILIES = List.of("x-rate-limit-", "x-ratelimit-", "ratelimit-",
            "x-userendpoint-ratelimit-", "x-li-");

    private ProxyHeaders() {
    }

    /** The caller's headers that go to the platform. */
    static void copyRequest(HttpHeaders from, HttpHeaders to) {
        from.forEach((name, values) -> {
            if (REQUEST.contains(name.toLowerCase(Locale.ROOT))) {
                to.addAll(name, values);
            }
        });
    }

    /** The platform's answer headers that go back, none of them holding {@code token}. */
    static void copyResponse(HttpHeaders from, HttpHeaders to, String token) {
        from.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean allowed = RESPONSE.contains(lower) || RESPONSE_FAMILIES.stream().anyMatch(lower::startsWith);
            if (allowed && values.stream().noneMatch(value -> value.contains(token))) {
                to.addAll(name, values);
            }
        });
    }
}
