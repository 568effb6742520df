package dev.mooring.api.platform;

import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The user's browser in a connect: it goes where Mooring's {@code redirectUrl} says, lets the
 * platform's authorize page send it back to Mooring, and, as browsers do, leaves the fragment of
 * each redirect ({@code #_}) out of the request. Redirects are followed one at a time, so a test
 * sees each.
 */
public final class Browser {

    private final HttpClient platforms = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final WebTestClient mooring;

    public Browser(WebTestClient mooring) {
        this.mooring = mooring;
    }

    public record Page(int status, String location, String body) {
    }

    /** Consents on the platform's authorize page and answers what Mooring's complete URL answered. */
    public Page consent(String redirectUrl) {
        return atMooring(URI.create(withoutFragment(authorizeRedirect(redirectUrl))));
    }

    /** Where the authorize page sends the browser back to, fragment included. */
    public String authorizeRedirect(String redirectUrl) {
        try {
            HttpResponse<String> authorize = platforms.send(HttpRequest.newBuilder(URI.create(redirectUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (authorize.statusCode() != 302) {
                throw new AssertionError("the authorize page refused: " + authorize.statusCode() + " " + authorize.body());
            }
            return authorize.headers().firstValue("Location").orElseThrow();
        } catch (IOException e) {
            throw new AssertionError("could not load the authorize page", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** One request to Mooring, redirects not followed. */
    public Page atMooring(URI url) {
        var result = mooring.get().uri(url).exchange().expectBody(String.class).returnResult();
        URI location = result.getResponseHeaders().getLocation();
        return new Page(result.getStatus().value(), location == null ? null : location.toString(), result.getResponseBody());
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }
}
