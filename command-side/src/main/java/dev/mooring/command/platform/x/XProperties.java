package dev.mooring.command.platform.x;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/**
 * X (Twitter) OAuth 2 with PKCE, a confidential client ({@code MOORING_X_*}).
 *
 * @param uploadOrigins origins besides the API host that {@code proxy-url} may reach as the account;
 *                      none by default: X's v2 media upload is on the API host
 */
@ConfigurationProperties("mooring.x")
record XProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("https://x.com/i/oauth2/authorize") URI authorizeUrl,
        @DefaultValue("https://api.x.com/2/oauth2/token") URI tokenUrl,
        @DefaultValue("https://api.x.com") URI apiUrl,
        @DefaultValue("https://api.x.com/2/oauth2/revoke") URI revokeUrl,
        @DefaultValue({"tweet.read", "tweet.write", "users.read", "media.write", "offline.access"}) List<String> scopes,
        List<URI> uploadOrigins) {

    @Override
    public String toString() {
        return "XProperties[clientId=" + clientId + ", secret redacted]";
    }
}
