package dev.mooring.command.platform.pinterest;

import dev.mooring.command.platform.oauth.ErrorDialect;

import java.util.Set;

/**
 * Pinterest's answers that mean this account's grant is dead (platforms.md section 7): the token
 * endpoint refuses a dead refresh token with 400 and its {@code {code, message}} body's code 283
 * ("The authorization grant is invalid"), or RFC 6749's {@code invalid_grant}; an API call refuses a
 * dead access token with 401. Any other 400 is not the platform's word about the grant, and a 401
 * at the token endpoint (code 2, "Authentication failed") is the app's client credentials.
 */
final class PinterestGrantErrors {

    static final ErrorDialect DIALECT = ErrorDialect.refreshRefusedWith(400, Set.of("283", "invalid_grant"));

    private PinterestGrantErrors() {
    }
}
