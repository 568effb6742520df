package dev.mooring.api.proxy;

import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.ErrorCode;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules that keep a proxied call on its platform's host. The path after {@code /proxy} is
 * appended to the platform's base, so it must stay a plain relative path: no dot segments, no empty
 * segments ({@code //host}), no backslashes, no userinfo ({@code @}), no scheme ({@code https:}), no
 * control characters, and none of these spelled percent-encoded. The firewall refuses most of them
 * for every route already; these rules hold for the proxy whatever the firewall lets through. The
 * URI built last is checked once more against the base: same scheme, host and port, under its path.
 */
final class ProxyPath {

    // what a percent-encoding may never stand for in a proxied path: it would change the path's shape upstream
    private static final Set<Character> NEVER_ENCODED = Set.of('/', '\\', '.', '%', '@', '?', '#', ';');
    /** Query parameters that would set the call's credentials: only Mooring sets those. */
    private static final Set<String> CREDENTIAL_PARAMETERS = Set.of("access_token", "appsecret_proof");

    private ProxyPath() {
    }

    /**
     * The upstream URI for {@code rawPath} (still percent-encoded, starting with {@code /}) and
     * {@code rawQuery} on {@code base}, with {@code credentials} added to the query.
     */
    static URI resolve(URI base, String rawPath, String rawQuery, Map<String, String> credentials) {
        refuseTricks(rawPath);
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        URI target = build(UriComponentsBuilder.fromUri(base).replacePath(basePath + rawPath), rawQuery, credentials);
        if (!sameOrigin(base, target) || !target.getRawPath().startsWith(basePath + "/")) {
            throw invalid("the path must stay under the platform's API");
        }
        return target;
    }

    /** {@code url} as given, with its query's credential parameters replaced by {@code credentials}. */
    static URI resolve(URI url, Map<String, String> credentials) {
        if (url.getRawPath() != null && !url.getRawPath().isEmpty()) {
            refuseCharacters(url.getRawPath());
        }
        URI target = build(UriComponentsBuilder.fromUri(url).replaceQuery(null), url.getRawQuery(), credentials);
        if (!sameOrigin(url, target)) {
            throw invalid("the URL must stay on its host");
        }
        return target;
    }

    private static URI build(UriComponentsBuilder builder, String rawQuery, Map<String, String> credentials) {
        builder.replaceQuery(withoutCredentials(rawQuery)).fragment(null);
        credentials.forEach(builder::queryParam);
        try {
            return builder.build(true).toUri();
        } catch (IllegalArgumentException malformed) {
            throw invalid("the path or query is not a valid percent-encoded URI");
        }
    }

    static void refuseTricks(String rawPath) {
        if (rawPath.length() < 2 || rawPath.charAt(0) != '/') {
            throw invalid("name the platform's API path after /proxy, e.g. /proxy/2/users/me");
        }
        refuseCharacters(rawPath);
        String[] segments = rawPath.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid("the path must not have empty, . or .. segments");
            }
        }
        if (segments[0].endsWith(":") || rawPath.contains("://")) {
            throw invalid("the path must not be an absolute URL; use proxy-url for upload URLs the platform handed out");
        }
    }

    private static void refuseCharacters(String rawPath) {
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw invalid("the path must not contain control or non-ASCII characters");
            }
            if (c == '\\' || c == '@') {
                throw invalid("the path must not contain backslashes or @");
            }
            if (c == '%') {
                int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
                int low = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw invalid("the path has a malformed percent-encoding");
                }
                int decoded = high * 16 + low;
                if (decoded < 0x20 || decoded == 0x7f || NEVER_ENCODED.contains((char) decoded)) {
                    throw invalid("the path must not percent-encode / \\ . % @ ? # ; or control characters");
                }
                i += 2;
            }
        }
    }

    private static String withoutCredentials(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            String name = pair.split("=", 2)[0];
            String decoded;
            try {
                decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                throw invalid("the query has a malformed percent-encoding");
            }
            if (!pair.isEmpty() && !CREDENTIAL_PARAMETERS.contains(decoded.strip().toLowerCase(Locale.ROOT))) {
                kept.append(kept.isEmpty() ? "" : "&").append(pair);
            }
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b) && b.getRawUserInfo() == null;
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PROXY_PATH, message);
    }
}
