package dev.mooring.api.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test PDS's session tokens: HS256 JWTs with {@code scope}, {@code sub}, {@code iat} and
 * {@code exp}, refused with the reference server's errors (no token: 401 {@code AuthMissing}; bad
 * signature or scope: 400 {@code InvalidToken}; past {@code exp}: 400 {@code ExpiredToken}).
 */
final class TestJwts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = ENCODER.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] key;

    TestJwts(byte[] key) {
        this.key = key.clone();
    }

    /** A token that passed, or the refusal to answer. */
    record Verified(String subject, String jti, PdsAnswer refusal) {
    }

    String sign(Map<String, Object> claims, Instant now, Duration lifetime) {
        Map<String, Object> payload = new LinkedHashMap<>(claims);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(lifetime).getEpochSecond());
        try {
            String content = HEADER + "." + ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
            return content + "." + ENCODER.encodeToString(mac(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Verified verify(String jwt, String scope, Instant now) {
        if (jwt == null) {
            return refused(401, "AuthMissing", "Authentication Required");
        }
        String[] parts = jwt.split("\\.");
        JsonNode payload;
        try {
            if (parts.length != 3 || !MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), Base64.getUrlDecoder().decode(parts[2]))) {
                return refused(400, "InvalidToken", "Token could not be verified");
            }
            payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return refused(400, "InvalidToken", "Token could not be verified");
        }
        if (!scope.equals(payload.path("scope").asText())) {
            return refused(400, "InvalidToken", "Bad token scope");
        }
        if (!now.isBefore(Instant.ofEpochSecond(payload.path("exp").asLong()))) {
            return refused(400, "ExpiredToken", "Token has expired");
        }
        return new Verified(payload.path("sub").asText(), payload.path("jti").asText(null), null);
    }

    /** The subject of a token this server signed, whatever its scope or age; null for anything else. */
    String subjectOf(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            if (parts.length == 3 && MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), Base64.getUrlDecoder().decode(parts[2]))) {
                return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("sub").asText(null);
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    private byte[] mac(String content) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
    }

    private static Verified refused(int status, String error, String message) {
        return new Verified(null, null, PdsAnswer.error(status, error, message));
    }
}
