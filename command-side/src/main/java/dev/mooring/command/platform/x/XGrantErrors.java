package dev.mooring.command.platform.x;

import dev.mooring.command.platform.oauth.ErrorDialect;

import java.util.Set;

/**
 * X's answers that mean this account's grant is dead (platforms.md section 2): the token endpoint
 * refuses a dead or already-used refresh token with 400 {@code invalid_request} ("Value passed for
 * the token was invalid"), or RFC 6749's {@code invalid_grant}; an API call refuses a dead access
 * token with 401, which is tried with the refresh token before anything is concluded. The token
 * endpoint's 401 {@code unauthorized_client} is the app's credentials, never an account's.
 */
final class XGrantErrors {

    static final ErrorDialect DIALECT = ErrorDialect.refreshRefusedWith(400, Set.of("invalid_request", "invalid_grant"));

    private XGrantErrors() {
    }
}
