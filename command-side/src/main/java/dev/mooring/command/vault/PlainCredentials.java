package dev.mooring.command.vault;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Credentials as an upstream hands them over, in clear. Lives only between the upstream answer and
 * {@link CredentialsSealer#seal}; its {@code toString} never shows a secret.
 *
 * @param serviceUrl where these credentials are used, when that differs per account (Bluesky: the
 *                   server the session was created on); not a secret
 */
public record PlainCredentials(
        String accessToken,
        String refreshToken,
        String appPassword,
        Instant expiresAt,
        Instant refreshExpiresAt,
        URI serviceUrl) {

    public PlainCredentials {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /** Credentials for a platform whose endpoints are configuration. */
    public PlainCredentials(String accessToken, String refreshToken, String appPassword,
                            Instant expiresAt, Instant refreshExpiresAt) {
        this(accessToken, refreshToken, appPassword, expiresAt, refreshExpiresAt, null);
    }

    @Override
    public String toString() {
        return "PlainCredentials[expiresAt=" + expiresAt + ", refreshExpiresAt=" + refreshExpiresAt
                + ", serviceUrl=" + serviceUrl + ", secrets redacted]";
    }
}
