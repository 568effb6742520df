package dev.mooring.api.web;

import dev.mooring.api.error.ApiException;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which URLs a webhook endpoint may have: what the {@link OutboundPolicy} lets Mooring reach (HTTPS,
 * since bodies and signatures must not travel in clear, to no loopback, private or otherwise
 * internal address), checked again at every delivery. On the embedded default the policy also lets
 * a developer use a receiver on this machine, over plain HTTP too.
 */
@Component
class WebhookUrls {

    private static final int MAX_LENGTH = 2000;

    private final OutboundPolicy policy;

    WebhookUrls(OutboundPolicy policy) {
        this.policy = policy;
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
        if (uri.getRawAuthority() == null || uri.getRawAuthority().contains("@") || uri.getFragment() != null) {
            throw ApiException.invalid("url must be an absolute URL with a host, without credentials or fragment");
        }
        try {
            policy.check(uri, OutboundPolicy.Use.WEBHOOK);
        } catch (OutboundRefused refused) {
            // the same answer whether or not anything listens there: nothing was contacted
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "url not allowed: " + refused.getMessage(),
                    policy.localWebhooks() ? "plain http and internal addresses are accepted only for localhost" : null);
        }
        return uri.toString();
    }
}
