package dev.mooring.api.support;

import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A browser as far as an OAuth connect needs one: it opens pages and submits forms, carries no API
 * key, keeps the cookies it is given (the sandbox consent form's CSRF cookie), and follows redirects
 * for as long as they stay on this machine (Mooring and the platform test servers). A redirect
 * anywhere else, such as the posting tool's return URL, is where it lands.
 */
public final class Browser {

    private static final Set<String> THIS_MACHINE = Set.of("localhost", "127.0.0.1");
    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .build();

    /** One answer, as the browser got it. */
    public record Page(URI uri, int status, HttpHeaders headers, String body) {

        public boolean redirects() {
            return status >= 300 && status < 400 && headers.firstValue("Location").isPresent();
        }

        /** Where a redirect points, resolved against this page. */
        public URI location() {
            return uri.resolve(headers.firstValue("Location").orElseThrow(() -> new AssertionError(status + " from " + uri + " is no redirect")));
        }

        /** A decoded query parameter of the redirect's location, or null. */
        public String locationParameter(String name) {
            String raw = UriComponentsBuilder.fromUri(location()).build().getQueryParams().getFirst(name);
            return raw == null ? null : UriUtils.decode(raw, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Page open(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** Submits a form the way a browser does: POST, application/x-www-form-urlencoded. */
    public Page submit(URI action, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Opens {@code uri} and follows redirects while they stay on this machine. */
    public Page follow(URI uri) {
        return followFrom(open(uri));
    }

    /** Follows {@code page}'s redirects while they stay on this machine. */
    public Page followFrom(Page page) {
        Page current = page;
        for (int hops = 0; current.redirects() && THIS_MACHINE.contains(current.location().getHost()); hops++) {
            if (hops == MAX_REDIRECTS) {
                throw new AssertionError("more than " + MAX_REDIRECTS + " redirects from " + page.uri());
            }
            current = open(current.location());
        }
        return current;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.uri(), response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
