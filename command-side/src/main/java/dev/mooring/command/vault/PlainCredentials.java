package dev.mooring.command.vault;

import java.time.Instant;
import java.util.Objects;

/**
 * Credentials as an upstream hands them over, in clear. Lives only between the upstream answer and
 * {@link CredentialsSealer#seal}; its {@code toString} never shows a secret.
 */
public record PlainCredentials(
        String accessToken,
        String refreshToken,
        String appPassword,
        Instant expiresAt,
        Instant refreshExpiresAt) {

    public PlainCredentials {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "PlainCredentials[expiresAt=" + expiresAt + ", refreshExpiresAt=" + refreshExpiresAt + ", secrets redacted]";
    }
}
