package dev.mooring.command.platform.pinterest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.List;

/**
 * Pinterest API v5 OAuth ({@code MOORING_PINTEREST_*}).
 *
 * @param continuousRefresh send {@code continuous_refresh=true} on the code exchange and every
 *                          refresh: apps activated before 2025-09-25 get a renewable refresh token
 *                          only by asking (the legacy 365-day one is no longer issued); newer apps
 *                          get one anyway, so asking costs nothing
 * @param uploadOrigins     origins besides the API host that {@code proxy-url} may reach as the account;
 *                          none by default: media goes to a presigned upload URL that takes no token
 */
@ConfigurationProperties("mooring.pinterest")
record PinterestProperties(
        String clientId,
        String clientSecret,
        @DefaultValue("https://www.pinterest.com/oauth/") URI authorizeUrl,
        @DefaultValue("https://api.pinterest.com/v5/oauth/token") URI tokenUrl,
        @DefaultValue("https://api.pinterest.com") URI apiUrl,
        @DefaultValue({"boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read"}) List<String> scopes,
        @DefaultValue("true") boolean continuousRefresh,
        List<URI> uploadOrigins) {

    @Override
    public String toString() {
        return "PinterestProperties[clientId=" + clientId + ", secret redacted]";
    }
}
