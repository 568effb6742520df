package dev.mooring.command.platform.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The member as LinkedIn's OpenID {@code id_token} names them ({@code sub}, {@code name},
 * {@code picture}), read from the JWT's payload. The signature is not checked: the token comes in
 * the answer of LinkedIn's own token endpoint, over TLS, to our authenticated request (OpenID
 * Connect Core 3.1.3.7 allows TLS in place of the signature there), and it only names the member
 * whose access token came with it. A token for another client ({@code aud}) or without a
 * {@code sub} is not used.
 */
record IdToken(String sub, String name, String picture) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Optional<IdToken> read(String idToken, String clientId) {
        if (idToken == null) {
            return Optional.empty();
        }
        String[] parts = idToken.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return Optional.empty();
        }
        String sub = text(claims, "sub");
        if (sub == null || !audienceIs(claims.get("aud"), clientId)) {
            return Optional.empty();
        }
        return Optional.of(new IdToken(sub, text(claims, "name"), text(claims, "picture")));
    }

    // aud is one string or an array of them (RFC 7519 4.1.3)
    private static boolean audienceIs(JsonNode aud, String clientId) {
        if (aud == null || aud.isNull()) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (clientId.equals(one.asText())) {
                    return true;
                }
            }
            return false;
        }
        return clientId.equals(aud.asText());
    }

    private static String text(JsonNode claims, String field) {
        JsonNode value = claims.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank() ? null : value.asText();
    }
}
