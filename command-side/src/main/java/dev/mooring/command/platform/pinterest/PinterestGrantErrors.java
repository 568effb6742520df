package dev.mooring.command.platform.pinterest;

import dev.mooring.command.platform.oauth.ErrorDialect;

import java.util.Set;

/**
 * Pinterest's answers that mean this account's grant is dead (platforms.md section 7): the token
 * endpoint refuses a dead refresh token with 400 (its {@code {code, message}} body names no OAuth
 * error), and an API call refuses a dead access token with 401. A 401 at the token endpoint
 * (code 2, "Authentication failed") is the app's client credentials, never an account's.
 */
final class PinterestGrantErrors {

    static final ErrorDialect DIALECT = ErrorDialect.refreshRefusedWith(400, Set.of());

    private PinterestGrantErrors() {
    }
}
