package dev.mooring.command.platform.bluesky;

import dev.mooring.command.platform.CredentialsKeeper;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.PlatformFailure.Kind;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a Bluesky session alive, one step down at a time and only as far as needed. A refused
 * access JWT (HTTP 400 {@code ExpiredToken}, or 401) calls for {@code refreshSession}, which
 * rotates the refresh JWT. A refused refresh JWT calls for a new session from the stored app
 * password; logins are rate-limited (30 per 5 minutes on the reference PDS), so that happens only
 * then. A refused login means the app password is revoked or the account gone:
 * {@link Kind#AUTH_FAILED}. Outages and rate limits stop the descent as {@link Kind#UNAVAILABLE}.
 * Every call goes to the server that issued the session ({@link PlainCredentials#serviceUrl}).
 */
@Component
class BlueskySessionKeeper implements CredentialsKeeper {

    private final PdsClient pds;
    private final IdentityResolver identities;

    BlueskySessionKeeper(PdsClient pds, IdentityResolver identities) {
        this.pds = pds;
        this.identities = identities;
    }

    @Override
    public Platform platform() {
        return Platform.BLUESKY;
    }

    @Override
    public PlainCredentials refresh(PlainCredentials current, Instant issuedAt) {
        return renew(current);
    }

    private PlainCredentials renew(PlainCredentials current) {
        URI server = current.serviceUrl();
        try {
            return pds.refreshSession(server, current.refreshToken()).credentials(current.appPassword(), server);
        } catch (XrpcError refused) {
            if (refused.refusesCredentials()) {
                return logInAgain(current, server);
            }
            throw refused.as(Kind.REJECTED);
        }
    }

    @Override
    public Optional<PlainCredentials> verify(PlainCredentials current) {
        try {
            pds.getSession(current.serviceUrl(), current.accessToken());
            return Optional.empty();
        } catch (XrpcError refused) {
            if (refused.refusesCredentials()) {
                return Optional.of(renew(current));
            }
            throw refused.as(Kind.REJECTED);
        }
    }

    /** {@code deleteSession} with the refresh JWT: the session ends, the user's app password stays theirs. */
    @Override
    public UpstreamRevocation revoke(PlainCredentials current) {
        if (current.serviceUrl() == null || current.refreshToken() == null) {
            throw new PlatformFailure(Kind.UNAVAILABLE, Platform.BLUESKY, "no_session",
                    "no session server is recorded for this account", null);
        }
        try {
            pds.deleteSession(current.serviceUrl(), current.refreshToken());
            return UpstreamRevocation.REVOKED;
        } catch (XrpcError refused) {
            throw refused.as(Kind.REJECTED);
        }
    }

    /**
     * A new session from the stored app password, on the PDS the account's DID document names now:
     * an account that moved to another PDS is found there, not refused by the one it left.
     */
    private PlainCredentials logInAgain(PlainCredentials current, URI server) {
        String did = JwtClaims.of(current.accessToken()).subject();
        if (current.appPassword() == null || did == null) {
            throw new PlatformFailure(Kind.AUTH_FAILED, Platform.BLUESKY, "no_app_password",
                    "the bluesky session expired and no app password or DID is stored to start another", null);
        }
        URI home = IdentityResolver.supports(did) ? identities.pdsOf(did) : server;
        try {
            return pds.createSession(home, did, current.appPassword()).credentials(current.appPassword(), home);
        } catch (XrpcError refused) {
            if (!refused.refusesCredentials()) {
                throw refused.as(Kind.REJECTED);
            }
            throw new PlatformFailure(Kind.AUTH_FAILED, Platform.BLUESKY, refused.name(), refused.getMessage()
                    + " to a new login with the stored app password: it was revoked, or the account is gone", null);
        }
    }
}
