package dev.mooring.command.platform.oauth;

import java.net.URI;
import java.util.List;

/** One platform's OAuth 2 authorization-code parameters, all from configuration. */
public record OAuth2Settings(
        String clientId,
        String clientSecret,
        URI authorizeUrl,
        URI tokenUrl,
        List<String> scopes,
        String scopeSeparator,
        ClientAuthentication clientAuthentication,
        boolean pkce) {

    public boolean configured() {
        return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
        return "OAuth2Settings[clientId=" + clientId + ", tokenUrl=" + tokenUrl + ", secret redacted]";
    }
}
