package dev.mooring.command.platform.linkedin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/**
 * LinkedIn 3-legged OAuth ({@code MOORING_LINKEDIN_*}).
 *
 * @param uploadOrigins where the upload URLs of {@code initializeUpload} point, reachable through {@code proxy-url}
 */
@ConfigurationProperties("mooring.linkedin")
record LinkedInProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("https://www.linkedin.com/oauth/v2/authorization") URI authorizeUrl,
        @DefaultValue("https://www.linkedin.com/oauth/v2/accessToken") URI tokenUrl,
        @DefaultValue("https://api.linkedin.com") URI apiUrl,
        @DefaultValue("https://www.linkedin.com/oauth/v2/revoke") URI revokeUrl,
        @DefaultValue({"openid", "profile", "w_member_social"}) List<String> scopes,
        @DefaultValue({"https://www.linkedin.com", "https://api.linkedin.com"}) List<URI> uploadOrigins) {

    @Override
    public String toString() {
        return "LinkedInProperties[clientId=" + clientId + ", secret redacted]";
    }
}
