package dev.mooring.command.handout;

import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;

import java.time.Instant;

/**
 * An account's access token in clear, on its way to the one answer that carries it; its
 * {@code toString} never shows it.
 *
 * @param expiresAt absent for a token that never expires
 */
@FrontDoor
public record HandedOutToken(String accessToken, Instant expiresAt, Platform platform) {

    @Override
    public String toString() {
        return "HandedOutToken[" + platform + ", expiresAt=" + expiresAt + ", token redacted]";
    }
}
