package dev.mooring.command.platform.oauth;

import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;

import java.util.Optional;
import java.util.Set;

/**
 * How a platform family spells failures in its error bodies. Some say more than the HTTP status:
 * Meta's Graph API answers a rate limit as HTTP 400, which the status alone would read as dead
 * credentials; X refuses a used refresh token with {@code invalid_request}, not RFC 6749's
 * {@code invalid_grant}. A dialect that recognises the body decides the kind; otherwise RFC 6749 and
 * the HTTP status do ({@link OAuth2Client}).
 */
@FunctionalInterface
public interface ErrorDialect {

    /** No dialect: RFC 6749 and the HTTP status alone decide. */
    ErrorDialect HTTP_STATUS = (phase, status, body) -> Optional.empty();

    /** The kind of failure this body names, or empty to leave it to RFC 6749 and the HTTP status. */
    Optional<Kind> classify(Phase phase, int status, String body);

    /**
     * A platform whose token endpoint refuses a dead refresh token with this status and one of these
     * error names (any name when empty), besides RFC 6749's {@code invalid_grant}.
     */
    static ErrorDialect refreshRefusedWith(int status, Set<String> errorNames) {
        return (phase, answered, body) -> phase == Phase.REFRESH && answered == status
                && (errorNames.isEmpty() || errorNames.contains(UpstreamError.parse(answered, body).name()))
                ? Optional.of(Kind.AUTH_FAILED) : Optional.empty();
    }
}
