package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.kernel.Platform;

import java.time.Instant;
import java.util.Base64;

/**
 * The two claims Mooring reads from a session JWT: whom it is for ({@code sub}, the account's DID)
 * and when it dies ({@code exp}). The signature is not checked: Mooring is not the token's
 * audience, the PDS that issued it checks it whenever it comes back. Mooring only needs to know
 * when to renew it and whom to log in as again.
 */
record JwtClaims(String subject, Instant expiresAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JwtClaims of(String jwt) {
        String[] parts = jwt.split("\\.");
        JsonNode payload;
        try {
            payload = parts.length == 3 ? JSON.readTree(Base64.getUrlDecoder().decode(parts[1])) : null;
        } catch (Exception e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            // say nothing of the token itself: it is a credential even when malformed
            throw PlatformFailure.rejected(Platform.BLUESKY, "malformed_token", "bluesky answered a session token that is not a JWT");
        }
        JsonNode exp = payload.get("exp");
        return new JwtClaims(payload.path("sub").asText(null),
                exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null);
    }
}
