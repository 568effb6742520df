package dev.mooring.command.platform.threads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/**
 * Threads' own OAuth ({@code MOORING_THREADS_*}): the Threads app id and secret, not the Meta app's.
 *
 * @param authorizeUrl the consent page, now on threads.com (platforms.md, corrections)
 * @param apiUrl       graph.threads.net: the token exchange and refresh, and the versioned API
 * @param graphVersion the Threads API version of profile calls, e.g. {@code v1.0}
 * @param uploadOrigins origins besides the API host that {@code proxy-url} may reach; none by default:
 *                      Threads fetches media from public URLs itself
 */
@ConfigurationProperties("mooring.threads")
record ThreadsProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("https://threads.com/oauth/authorize") URI authorizeUrl,
        @DefaultValue("https://graph.threads.net/oauth/access_token") URI tokenUrl,
        @DefaultValue("https://graph.threads.net") URI apiUrl,
        @DefaultValue("v1.0") String graphVersion,
        @DefaultValue({"threads_basic", "threads_content_publish"}) List<String> scopes,
        List<URI> uploadOrigins) {

    @Override
    public String toString() {
        return "ThreadsProperties[clientId=" + clientId + ", secret redacted]";
    }
}
