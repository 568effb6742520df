package dev.mooring.command.platform.oauth;

import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.platform.oauth.OAuth2Client.Phase;

import java.util.Optional;

/**
 * How a platform family spells failures in its error bodies. Some say more than the HTTP status:
 * Meta's Graph API answers a rate limit as HTTP 400, which the status alone would read as dead
 * credentials. A dialect that recognises the body decides the kind; otherwise the HTTP status does.
 */
@FunctionalInterface
public interface ErrorDialect {

    /** No dialect: the HTTP status alone decides. */
    ErrorDialect HTTP_STATUS = (phase, status, body) -> Optional.empty();

    /** The kind of failure this body names, or empty to leave it to the HTTP status. */
    Optional<Kind> classify(Phase phase, int status, String body);
}
