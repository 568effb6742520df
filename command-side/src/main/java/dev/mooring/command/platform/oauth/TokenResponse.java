package dev.mooring.command.platform.oauth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mooring.command.vault.PlainCredentials;

import java.time.Instant;

/**
 * An RFC 6749 token answer, with the OpenID Connect {@code id_token} where the platform sends one;
 * other fields platforms add are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("refresh_token_expires_in") Long refreshTokenExpiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("id_token") String idToken) {

    /** The credentials to keep, with lifetimes counted from {@code now}. */
    public PlainCredentials credentials(Instant now) {
        return new PlainCredentials(accessToken, refreshToken, null,
                expiresIn == null ? null : now.plusSeconds(expiresIn),
                refreshTokenExpiresIn == null ? null : now.plusSeconds(refreshTokenExpiresIn));
    }

    /** Renewed credentials: what the platform returned, and the old refresh token where it sent none. */
    public PlainCredentials renewing(PlainCredentials current, Instant now) {
        PlainCredentials fresh = credentials(now);
        return new PlainCredentials(fresh.accessToken(),
                fresh.refreshToken() != null ? fresh.refreshToken() : current.refreshToken(),
                current.appPassword(), fresh.expiresAt(),
                fresh.refreshToken() != null ? fresh.refreshExpiresAt() : current.refreshExpiresAt());
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", scope=" + scope + ", tokens redacted]";
    }
}
