package dev.mooring.command.platform.linkedin;

import dev.mooring.command.platform.oauth.ErrorDialect;

import java.util.Set;

/**
 * LinkedIn's answers that mean this account's grant is dead (platforms.md section 3): a partner's
 * refresh token refused at the token endpoint with 400 ({@code invalid_request}: "the provided
 * authorization grant or refresh token is invalid, expired or revoked", or {@code invalid_grant}),
 * and 401 with {@code serviceErrorCode} 65600 (invalid), 65601 (revoked by the member) or 65602
 * (expired) on an API call. The token endpoint's 401 {@code invalid_client} is the app's.
 */
final class LinkedInGrantErrors {

    static final ErrorDialect DIALECT = ErrorDialect.refreshRefusedWith(400, Set.of("invalid_request", "invalid_grant"));

    private LinkedInGrantErrors() {
    }
}
