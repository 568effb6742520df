package dev.mooring.command.platform.meta;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Graph's {@code appsecret_proof}: {@code hex(HMAC-SHA256(app secret, access token))}. An app with
 * "Require App Secret" on refuses every call made with a user or Page token that lacks it; any
 * app accepts a correct one, so sending it always is safe.
 */
public final class AppSecretProof {

    public static final String PARAMETER = "appsecret_proof";

    private AppSecretProof() {
    }

    public static String of(String appSecret, String accessToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
