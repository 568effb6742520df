package dev.mooring.command.importing;

import dev.mooring.kernel.Platform;

/**
 * What an imported account of each platform must carry for the lifecycle to keep it alive without
 * the user, per design.md's strategy table: a platform whose tokens are renewed with a refresh token
 * needs one, one whose tokens die needs their expiry, and only Bluesky names its server per account.
 *
 * @param refreshToken        {@link Need#REQUIRED}: without it the account dies with its access token
 * @param expiry              {@link Need#REQUIRED}: the lifecycle plans from it
 * @param refreshExpiry       LinkedIn: a refresh token's end is fixed at consent and must be known
 * @param perAccountServer    Bluesky: the account's PDS ({@code pdsUrl}), which takes its tokens back
 */
record ImportRules(Need refreshToken, Need expiry, boolean refreshExpiry, boolean perAccountServer) {

    enum Need { REQUIRED, OPTIONAL, NONE }

    static ImportRules of(Platform platform) {
        return switch (platform) {
            // 2-hour and 30-day tokens renewed with rotating refresh tokens
            case X, PINTEREST -> new ImportRules(Need.REQUIRED, Need.REQUIRED, false, false);
            // 60 days, refreshable only for partner apps, whose refresh token ends a year after consent
            case LINKEDIN -> new ImportRules(Need.OPTIONAL, Need.REQUIRED, true, false);
            // long-lived tokens that renew themselves: no refresh token exists
            case INSTAGRAM, THREADS -> new ImportRules(Need.NONE, Need.REQUIRED, false, false);
            // a Page token from a long-lived user token does not expire
            case FACEBOOK -> new ImportRules(Need.NONE, Need.OPTIONAL, false, false);
            // the session's refresh JWT; the access JWT is renewed on demand
            case BLUESKY -> new ImportRules(Need.REQUIRED, Need.OPTIONAL, false, true);
            case SANDBOX -> new ImportRules(Need.OPTIONAL, Need.REQUIRED, false, false);
        };
    }
}
