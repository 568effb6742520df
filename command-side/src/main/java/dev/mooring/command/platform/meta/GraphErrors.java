package dev.mooring.command.platform.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.ErrorDialect;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;

import java.util.Optional;
import java.util.Set;

/**
 * The Graph API's error dialect, shared by Facebook, Instagram and Threads:
 * {@code {"error":{"type":"OAuthException","code":190,"error_subcode":460,"message":...}}}, most
 * often as HTTP 400 whatever the cause, so the code decides and not the status.
 * <ul>
 * <li>190 (any subcode: expired, password changed, app removed, ...) and 102 (session key invalid)
 * mean the token is dead: an account's stored token is revoked; while connecting it is a refusal.</li>
 * <li>Rate limits (4, 17, 32, 613, the Pages limits 80001–80014), Meta's temporary errors (1, 2,
 * 341), a temporary block (368) and anything marked {@code is_transient} are passing: never a
 * revoke.</li>
 * <li>Any other Graph code on a 4xx, missing permissions (10, 200–299) included, is a refusal of
 * this request, not proof the token is dead.</li>
 * </ul>
 */
final class GraphErrors implements ErrorDialect {

    public static final GraphErrors INSTANCE = new GraphErrors();

    /** Token expired, revoked or invalid (190); the older "session key invalid" (102) says the same. */
    private static final Set<Integer> DEAD_TOKEN = Set.of(102, 190);

    // 341: "application limit reached", temporary
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 17, 32, 341, 368, 613);
    private static final int PAGE_LIMITS_FROM = 80001;
    private static final int PAGE_LIMITS_TO = 80014;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphErrors() {
    }

    @Override
    public Optional<Kind> classify(Phase phase, int status, String body) {
        JsonNode error = errorOf(body);
        if (error == null || !error.path("code").canConvertToInt()) {
            return Optional.empty();
        }
        int code = error.path("code").asInt();
        if (DEAD_TOKEN.contains(code)) {
            return Optional.of(phase == Phase.STORED ? Kind.AUTH_FAILED : Kind.REJECTED);
        }
        if (isTransient(code) || error.path("is_transient").asBoolean(false)) {
            return Optional.of(Kind.UNAVAILABLE);
        }
        return status < 500 ? Optional.of(Kind.REJECTED) : Optional.empty();
    }

    private static boolean isTransient(int code) {
        return TRANSIENT.contains(code) || (code >= PAGE_LIMITS_FROM && code <= PAGE_LIMITS_TO);
    }

    private static JsonNode errorOf(String body) {
        try {
            JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception e) {
            return null;
        }
    }
}
