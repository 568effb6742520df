package dev.mooring.command.platform.facebook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/**
 * Facebook Pages through Facebook Login ({@code MOORING_FACEBOOK_*}). Graph versions live about two
 * years, so the version is pinned here and upgraded on purpose.
 *
 * @param graphVersion  e.g. {@code v25.0}; part of every dialog and Graph path
 * @param authorizeUrl  the login dialog; unset means {@code https://www.facebook.com/<version>/dialog/oauth}
 * @param tokenUrl      the code and token exchange; unset means {@code <api url>/<version>/oauth/access_token}
 * @param apiUrl        the Graph host; {@code /<version>/me/accounts} and {@code /<version>/debug_token} are on it
 * @param appsecretProof send {@code appsecret_proof} with every Graph call made with a user or Page
 *                      token: required by apps with "Require App Secret" on, accepted by every app
 * @param uploadOrigins the resumable and video upload hosts, reachable through {@code proxy-url}
 */
@ConfigurationProperties("mooring.facebook")
record FacebookProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("v25.0") String graphVersion,
        URI authorizeUrl,
        URI tokenUrl,
        @DefaultValue("https://graph.facebook.com") URI apiUrl,
        @DefaultValue({"pages_show_list", "pages_manage_posts", "pages_read_engagement", "business_management"})
        List<String> scopes,
        @DefaultValue("true") boolean appsecretProof,
        @DefaultValue({"https://rupload.facebook.com", "https://graph-video.facebook.com"}) List<URI> uploadOrigins) {

    public FacebookProperties {
        if (authorizeUrl == null) {
            authorizeUrl = URI.create("https://www.facebook.com/" + graphVersion + "/dialog/oauth");
        }
        if (tokenUrl == null) {
            tokenUrl = URI.create(apiUrl.toString().replaceAll("/+$", "") + "/" + graphVersion + "/oauth/access_token");
        }
    }

    @Override
    public String toString() {
        return "FacebookProperties[clientId=" + clientId + ", graphVersion=" + graphVersion + ", secret redacted]";
    }
}
