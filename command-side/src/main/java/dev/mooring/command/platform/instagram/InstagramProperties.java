package dev.mooring.command.platform.instagram;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/**
 * Instagram API with Instagram Login ({@code MOORING_INSTAGRAM_*}): the Instagram app's own id and
 * secret, not the Meta app's.
 *
 * @param apiUrl       graph.instagram.com: the token exchange and refresh, and the versioned API
 * @param graphVersion the Graph API version of profile calls, e.g. {@code v25.0}
 * @param uploadOrigins the resumable upload host of video containers, reachable through {@code proxy-url}
 */
@ConfigurationProperties("mooring.instagram")
record InstagramProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("https://www.instagram.com/oauth/authorize") URI authorizeUrl,
        @DefaultValue("https://api.instagram.com/oauth/access_token") URI tokenUrl,
        @DefaultValue("https://graph.instagram.com") URI apiUrl,
        @DefaultValue("v25.0") String graphVersion,
        @DefaultValue({"instagram_business_basic", "instagram_business_content_publish"}) List<String> scopes,
        @DefaultValue("https://rupload.facebook.com") List<URI> uploadOrigins) {

    @Override
    public String toString() {
        return "InstagramProperties[clientId=" + clientId + ", secret redacted]";
    }
}
