package dev.mooring.api.web;

import dev.mooring.api.config.MooringProperties;
import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.ErrorCode;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which URLs a webhook endpoint may have: HTTPS only, since bodies and signatures must not travel
 * in clear. The one exception is plain HTTP to this machine on the embedded default, where a
 * developer tries webhooks against a local receiver.
 */
@Component
class WebhookUrls {

    private static final int MAX_LENGTH = 2000;
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final boolean loopbackAllowed;

    WebhookUrls(MooringProperties properties) {
        this.loopbackAllowed = properties.embeddedDatabase();
    }

    /** The URL, checked; a 400 saying what is wrong otherwise. */
    String check(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw ApiException.invalid("url is required, at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ApiException.invalid("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw ApiException.invalid("url must be an absolute URL with a host, without credentials or fragment");
        }
        if (scheme.equals("https") || scheme.equals("http") && loopbackAllowed && isLoopback(uri.getHost())) {
            return uri.toString();
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "url must use https",
                loopbackAllowed ? "plain http is accepted only for localhost" : null);
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("[::1]") || LOOPBACK_V4.matcher(name).matches();
    }
}
