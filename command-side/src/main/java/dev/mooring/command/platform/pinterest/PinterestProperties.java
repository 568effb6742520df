package dev.mooring.command.platform.pinterest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/** Pinterest API v5 OAuth ({@code MOORING_PINTEREST_*}). */
@ConfigurationProperties("mooring.pinterest")
public record PinterestProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("https://www.pinterest.com/oauth/") URI authorizeUrl,
        @DefaultValue("https://api.pinterest.com/v5/oauth/token") URI tokenUrl,
        @DefaultValue("https://api.pinterest.com") URI apiUrl,
        @DefaultValue({"boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read"}) List<String> scopes) {

    @Override
    public String toString() {
        return "PinterestProperties[clientId=" + clientId + ", secret redacted]";
    }
}
