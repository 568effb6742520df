package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.connect.ConnectFailed;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.NewConnection;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamDeadline;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Connects a Bluesky account from its identifier (handle, DID or email) and an app password: find
 * the server the account lives on, {@code createSession} there, read the profile, connect. Nothing
 * is stored unless all of it worked. The account's main password is refused, before any call when
 * it is not shaped like an app password, and when the server asks for a sign-in code. The session
 * must be bound to the DID the identifier resolved to (see {@link #bind}).
 */
@FrontDoor
@Service
public class BlueskyConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(BlueskyConnectFlow.class);

    private static final Pattern HANDLE = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String CREATE_APP_PASSWORD = "create an app password in Bluesky (Settings → Privacy and security"
            + " → App passwords; it looks like xxxx-xxxx-xxxx-xxxx) and connect with it";

    private final IdentityResolver identities;
    private final PdsClient pds;
    private final BlueskyProperties properties;
    private final ConnectService connect;

    BlueskyConnectFlow(IdentityResolver identities, PdsClient pds, BlueskyProperties properties, ConnectService connect) {
        this.identities = identities;
        this.pds = pds;
        this.properties = properties;
        this.connect = connect;
    }

    /**
     * Where to log in, and as what; {@code did} is what the identifier resolved to (none for an
     * email, which only the entryway can look up), {@code handle} the handle it was, if it was one.
     */
    private record Login(URI server, String identifier, String did, String handle) {
    }

    public AccountId connect(WorkspaceId workspace, String identifier, String appPassword) {
        if (!BlueskyAppPasswords.isShapedLikeOne(appPassword)) {
            throw invalid("appPassword is not an app password: never give Mooring the account's main password; "
                    + CREATE_APP_PASSWORD);
        }
        Login login = locate(identifier);
        Session session;
        try {
            session = pds.createSession(login.server(), login.identifier(), appPassword);
        } catch (XrpcError refused) {
            if (refused.name().equals("AuthFactorTokenRequired")) {
                throw invalid("Bluesky asked for a sign-in code, so this is the account's main password; " + CREATE_APP_PASSWORD);
            }
            throw refused.as(PlatformFailure.Kind.REJECTED);
        }
        bind(login, session);
        AccountProfile profile = profile(login.server(), session);
        // a caller already told platform_unavailable must not find the account connected after all
        UpstreamDeadline.check(Platform.BLUESKY, "nothing was connected");
        return connect.connect(new NewConnection(workspace, Platform.BLUESKY, session.did(),
                profile, session.credentials(appPassword, login.server()), AccountExtensions.NONE));
    }

    /**
     * A DID or handle leads to the account's own PDS. An email does not: only the entryway can
     * look it up, and the session it creates is the entryway's to refresh.
     */
    private Login locate(String identifier) {
        String given = identifier == null ? "" : identifier.strip();
        if (given.startsWith("did:")) {
            if (!IdentityResolver.supports(given)) {
                throw invalid("identifier is not a DID a Bluesky account can have (did:plc:... or did:web:...)");
            }
            return new Login(identities.pdsOf(given), given, given, null);
        }
        String name = given.startsWith("@") ? given.substring(1) : given;
        if (EMAIL.matcher(name).matches()) {
            return new Login(properties.serviceUrl(), name, null, null);
        }
        String handle = name.toLowerCase(Locale.ROOT);
        if (!HANDLE.matcher(handle).matches()) {
            throw invalid("identifier must be the account's handle (alice.bsky.social), DID (did:plc:...) or email");
        }
        String did = identities.didOf(handle);
        return new Login(identities.pdsOf(did), handle, did, handle);
    }

    /**
     * The session must be the account's the identifier named. The server that answered is one the
     * caller chose (through the handle or DID document they control), and it could claim any DID:
     * connecting that would replace the credentials of the workspace's account for that DID. So the
     * session's DID must be the resolved one, the session's handle must resolve back to it, and a
     * session from the entryway (an email login) must be accepted as its own by the PDS that the
     * session's DID document names.
     */
    private void bind(Login login, Session session) {
        if (!IdentityResolver.supports(session.did())) {
            // what a hostile server sent is not repeated back
            throw unbound("the server answered a session for no DID a Bluesky account can have");
        }
        if (login.did() != null && !login.did().equals(session.did())) {
            throw unbound("the server answered a session for " + session.did() + ", but " + login.identifier()
                    + " resolves to " + login.did());
        }
        if (login.did() == null) {
            URI named = identities.pdsOf(session.did());
            // bsky.social logs in at the entryway for accounts that live on other PDSes: ask the named one
            if (!sameServer(named, login.server()) && !session.did().equals(sessionDid(named, session))) {
                throw unbound("the PDS that the DID document of " + session.did() + " names does not accept the session"
                        + " the entryway answered as that account's");
            }
        }
        boolean handleAlreadyResolved = login.handle() != null && login.handle().equalsIgnoreCase(session.handle());
        if (!handleAlreadyResolved) {
            String handle = session.handle() == null ? "" : session.handle().toLowerCase(Locale.ROOT);
            if (!HANDLE.matcher(handle).matches()) {
                throw unbound("the session names no valid handle for " + session.did());
            }
            if (!session.did().equals(didOrNull(handle))) {
                throw unbound("the session's handle " + handle + " does not resolve to " + session.did());
            }
        }
    }

    private String sessionDid(URI server, Session session) {
        try {
            return pds.sessionDid(server, session.accessJwt());
        } catch (XrpcError refused) {
            return null;
        }
    }

    private String didOrNull(String handle) {
        try {
            return identities.didOf(handle);
        } catch (PlatformFailure failure) {
            if (failure.kind() == PlatformFailure.Kind.REJECTED) {
                return null;
            }
            throw failure;
        }
    }

    private static boolean sameServer(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    /** The profile only decorates the account: without it the account connects under the session's handle. */
    private AccountProfile profile(URI server, Session session) {
        try {
            JsonNode profile = pds.getProfile(server, session.accessJwt(), session.did());
            return new AccountProfile(blankToNull(profile.path("displayName").asText(null)),
                    profile.path("handle").asText(session.handle()), blankToNull(profile.path("avatar").asText(null)));
        } catch (XrpcError | PlatformFailure unavailable) {
            log.info("no bluesky profile for {}, connecting with its handle: {}", session.did(), unavailable.getMessage());
            return new AccountProfile(null, session.handle(), null);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static PlatformFailure unbound(String message) {
        return PlatformFailure.rejected(Platform.BLUESKY, "did_mismatch", message + "; nothing was connected");
    }

    private static ConnectFailed invalid(String message) {
        return new ConnectFailed(ErrorCode.VALIDATION_FAILED, Platform.BLUESKY, message, null, null);
    }
}
