package dev.mooring.command.importing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.command.connect.ConnectFailed;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.NewConnection;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.OAuthConnectors;
import dev.mooring.command.platform.bluesky.BlueskyAppPasswords;
import dev.mooring.command.platform.bluesky.BlueskyDids;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports connections a workspace held in another tool, so its users need not connect again. Every
 * item is checked before anything is written; each valid one is then connected through
 * {@link ConnectService#importAccount}, the connect's own path (data key, sealing, {@code ConnectAccount},
 * so the lifecycle saga, read model, webhooks and stream follow as after any connect), each in its
 * own transaction: an item that fails leaves nothing, the others stand. No platform is called: the
 * tokens are taken as given, and the lifecycle finds out soon enough if they were dead.
 */
@FrontDoor
@Service
public class AccountImport {

    private static final Logger log = LoggerFactory.getLogger(AccountImport.class);

    private static final int MAX_ID = 255;
    private static final int MAX_TEXT = 1024;
    private static final int MAX_SECRET = 8192;

    private final ConnectService connect;
    private final OAuthConnectors connectors;
    private final Clock clock;

    AccountImport(ConnectService connect, OAuthConnectors connectors, Clock clock) {
        this.connect = connect;
        this.connectors = connectors;
        this.clock = clock;
    }

    /**
     * One connection as the other tool held it. Its {@code toString} shows no secret.
     *
     * @param platformUserId the platform's id of the user (Bluesky: the DID; Facebook: the Page id)
     * @param pdsUrl         Bluesky only: the account's PDS, which issued the session
     * @param appPassword    Bluesky only, optional: lets a dead session be re-created
     * @param externalId     the caller's own id for the connection, handed back in its result
     */
    public record Item(String platform, String platformUserId, AccountProfile profile, String accessToken,
                       Instant accessTokenExpiresAt, String refreshToken, Instant refreshTokenExpiresAt, String appPassword,
                       URI pdsUrl, AccountExtensions extensions, String externalId) {
        @Override
        public String toString() {
            return "Item[platform=" + platform + ", platformUserId=" + platformUserId + ", secrets redacted]";
        }
    }

    /** Why an item was not imported, with a stable code. */
    public record Failure(ErrorCode code, String message) {
    }

    /** One item's answer, in the order given: its new account, or why it has none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(int index, String externalId, AccountId accountId, Failure error) {
        public boolean imported() {
            return accountId != null;
        }
    }

    public List<Outcome> importAll(WorkspaceId workspace, List<Item> items) {
        List<Optional<Failure>> checked = check(items);
        List<Outcome> outcomes = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            Item item = items.get(index);
            Optional<Failure> refused = checked.get(index);
            outcomes.add(refused.isPresent() ? new Outcome(index, item == null ? null : item.externalId(), null, refused.get())
                    : write(workspace, index, item));
        }
        return outcomes;
    }

    private Outcome write(WorkspaceId workspace, int index, Item item) {
        Platform platform = Platform.fromWireName(item.platform()).orElseThrow();
        try {
            AccountId id = connect.importAccount(new NewConnection(workspace, platform, item.platformUserId(),
                    item.profile() == null ? new AccountProfile(null, null, null) : item.profile(),
                    new PlainCredentials(item.accessToken(), item.refreshToken(), item.appPassword(),
                            item.accessTokenExpiresAt(), item.refreshTokenExpiresAt(), item.pdsUrl()),
                    item.extensions() == null ? AccountExtensions.NONE : item.extensions()));
            return new Outcome(index, item.externalId(), id, null);
        } catch (ConnectFailed failed) {
            return new Outcome(index, item.externalId(), null, new Failure(failed.code(), failed.getMessage()));
        } catch (AccountCommandRefused refused) {
            return new Outcome(index, item.externalId(), null, new Failure(refused.code(), refused.getMessage()));
        } catch (RuntimeException unexpected) {
            // the transaction rolled back: this item left nothing, and the batch goes on
            log.error("importing item {} ({}) failed", index, platform.wireName(), unexpected);
            return new Outcome(index, item.externalId(), null,
                    new Failure(ErrorCode.INTERNAL_ERROR, "this account could not be imported; nothing of it was written"));
        }
    }

    /** Every item's refusal, if any; items naming the same platform user are all refused, none being more right. */
    private List<Optional<Failure>> check(List<Item> items) {
        Instant now = clock.instant();
        List<Optional<Failure>> checked = new ArrayList<>(items.size());
        Map<String, Integer> firstOfIdentity = new HashMap<>();
        for (int index = 0; index < items.size(); index++) {
            Item item = items.get(index);
            Optional<Failure> refused = item == null ? Optional.of(invalid("each item must be an object")) : check(item, now);
            if (refused.isEmpty()) {
                Integer first = firstOfIdentity.putIfAbsent(item.platform() + "\n" + item.platformUserId(), index);
                if (first != null) {
                    refused = Optional.of(duplicate(first));
                    checked.set(first, Optional.of(duplicate(index)));
                }
            }
            checked.add(refused);
        }
        return checked;
    }

    private static Failure duplicate(int other) {
        return invalid("item " + other + " names the same platform user; import each account once");
    }

    private Optional<Failure> check(Item item, Instant now) {
        Optional<Platform> known = item.platform() == null ? Optional.empty() : Platform.fromWireName(item.platform());
        if (known.isEmpty()) {
            return refuse("unknown platform; the platforms are " + String.join(", ", Platform.wireNames()));
        }
        Platform platform = known.get();
        Optional<OAuthConnector> connector = connectors.find(platform);
        if (connector.isPresent() && !connector.get().enabled()) {
            // its tokens could never be refreshed: the app's credentials are missing
            return Optional.of(new Failure(ErrorCode.PLATFORM_NOT_ENABLED, platform.wireName() + " is not enabled: set "
                    + String.join(" and ", connector.get().enablingSettings())));
        }
        ImportRules rules = ImportRules.of(platform);
        if (blank(item.platformUserId()) || item.platformUserId().length() > MAX_ID) {
            return refuse("platformUserId is required, at most " + MAX_ID + " characters");
        }
        if (platform == Platform.BLUESKY && !BlueskyDids.isAccountDid(item.platformUserId())) {
            return refuse("platformUserId of a bluesky account is its DID (did:plc:... or did:web:...)");
        }
        if (blank(item.accessToken()) || tooLong(item.accessToken(), item.refreshToken(), item.appPassword())) {
            return refuse("accessToken is required; tokens are at most " + MAX_SECRET + " characters");
        }
        if (item.profile() != null && tooLong(MAX_TEXT, item.profile().displayName(), item.profile().handle(),
                item.profile().avatarUrl())) {
            return refuse("profile fields are at most " + MAX_TEXT + " characters");
        }
        if (rules.refreshToken() == ImportRules.Need.REQUIRED && blank(item.refreshToken())) {
            return refuse("refreshToken is required for " + platform.wireName() + ": without it the account dies with its access token");
        }
        if (rules.refreshToken() == ImportRules.Need.NONE && item.refreshToken() != null) {
            return refuse(platform.wireName() + " issues no refresh token; leave refreshToken out");
        }
        if (rules.expiry() == ImportRules.Need.REQUIRED && item.accessTokenExpiresAt() == null) {
            return refuse("accessTokenExpiresAt is required for " + platform.wireName());
        }
        if (rules.refreshExpiry() && item.refreshToken() != null && item.refreshTokenExpiresAt() == null) {
            return refuse("refreshTokenExpiresAt is required with a " + platform.wireName() + " refresh token");
        }
        if (item.refreshTokenExpiresAt() != null && item.refreshToken() == null) {
            return refuse("refreshTokenExpiresAt needs a refreshToken");
        }
        if (past(item.accessTokenExpiresAt(), now) || past(item.refreshTokenExpiresAt(), now)) {
            return refuse("accessTokenExpiresAt and refreshTokenExpiresAt must be in the future: a dead token cannot be "
                    + "imported; connect the account instead");
        }
        if (rules.perAccountServer() != (item.pdsUrl() != null)) {
            return refuse(rules.perAccountServer() ? "pdsUrl is required for bluesky: the server the session lives on"
                    : "pdsUrl is for bluesky accounts only");
        }
        if (item.pdsUrl() != null && !webUrl(item.pdsUrl())) {
            return refuse("pdsUrl must be an absolute http(s) URL without query or fragment");
        }
        if (item.appPassword() != null && platform != Platform.BLUESKY) {
            return refuse("appPassword is for bluesky accounts only");
        }
        if (item.appPassword() != null && !BlueskyAppPasswords.isShapedLikeOne(item.appPassword())) {
            return refuse("appPassword is not an app password (xxxx-xxxx-xxxx-xxxx): never give Mooring the account's main password");
        }
        if (item.extensions() != null && item.extensions().defaultBoard() != null && platform != Platform.PINTEREST) {
            return refuse("extensions.defaultBoard is for pinterest accounts only");
        }
        if (item.externalId() != null && item.externalId().length() > MAX_ID) {
            return refuse("externalId is at most " + MAX_ID + " characters");
        }
        return Optional.empty();
    }

    private static boolean webUrl(URI url) {
        return ("https".equals(url.getScheme()) || "http".equals(url.getScheme())) && url.getRawAuthority() != null
                && url.getRawQuery() == null && url.getRawFragment() == null;
    }

    private static boolean past(Instant at, Instant now) {
        return at != null && !at.isAfter(now);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean tooLong(String... secrets) {
        return tooLong(MAX_SECRET, secrets);
    }

    private static boolean tooLong(int max, String... texts) {
        for (String text : texts) {
            if (text != null && text.length() > max) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Failure> refuse(String message) {
        return Optional.of(invalid(message));
    }

    private static Failure invalid(String message) {
        return new Failure(ErrorCode.VALIDATION_FAILED, message);
    }
}
