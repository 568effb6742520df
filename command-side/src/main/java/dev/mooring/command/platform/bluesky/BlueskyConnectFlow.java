package dev.mooring.command.platform.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.command.connect.ConnectFailed;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.NewConnection;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
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
 * it is not shaped like an app password, and when the server asks for a sign-in code.
 */
@Service
public class BlueskyConnectFlow {

    private static final Logger log = LoggerFactory.getLogger(BlueskyConnectFlow.class);

    private static final Pattern APP_PASSWORD = Pattern.compile("[a-zA-Z0-9]{4}(-[a-zA-Z0-9]{4}){3}");
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

    /** Where to log in, and as what. */
    private record Login(URI server, String identifier) {
    }

    public AccountId connect(WorkspaceId workspace, String identifier, String appPassword) {
        if (appPassword == null || !APP_PASSWORD.matcher(appPassword).matches()) {
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
        return connect.connect(new NewConnection(workspace, Platform.BLUESKY, session.did(),
                profile(login.server(), session), session.credentials(appPassword, login.server()), AccountExtensions.NONE));
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
            return new Login(identities.pdsOf(given), given);
        }
        String name = given.startsWith("@") ? given.substring(1) : given;
        if (EMAIL.matcher(name).matches()) {
            return new Login(properties.serviceUrl(), name);
        }
        String handle = name.toLowerCase(Locale.ROOT);
        if (!HANDLE.matcher(handle).matches()) {
            throw invalid("identifier must be the account's handle (alice.bsky.social), DID (did:plc:...) or email");
        }
        return new Login(identities.pdsOf(identities.didOf(handle)), handle);
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

    private static ConnectFailed invalid(String message) {
        return new ConnectFailed(ErrorCode.VALIDATION_FAILED, Platform.BLUESKY, message, null, null);
    }
}
