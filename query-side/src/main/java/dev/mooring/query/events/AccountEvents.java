package dev.mooring.query.events;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.TokenAccessed;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one translation from domain events to {@link AccountEvent}s. Fields are picked, never copied
 * wholesale: events carry encrypted credentials, and nothing of them may leave. Events this class
 * does not know (snapshots, events added later) translate to nothing, so readers skip them.
 */
@FrontDoor
public final class AccountEvents {

    public static final String ACCOUNT_CONNECTED = "account.connected";
    public static final String ACCOUNT_DISCONNECTED = "account.disconnected";
    public static final String TOKEN_EXPIRING = "token.expiring";
    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String TOKEN_REFRESHED = "token.refreshed";
    public static final String TOKEN_REFRESH_FAILED = "token.refresh_failed";
    /** An audit entry, in history and on the stream; no webhook: nothing a posting tool must act on. */
    public static final String TOKEN_ACCESSED = "token.accessed";

    /** What a webhook endpoint can subscribe to: the events a posting tool must act on. */
    public static final Set<String> WEBHOOK_TYPES = Set.of(TOKEN_EXPIRING, TOKEN_REVOKED, ACCOUNT_CONNECTED, ACCOUNT_DISCONNECTED);

    private static final String ID_PREFIX = "evt_";

    private AccountEvents() {
    }

    public static String eventId(String axonEventIdentifier) {
        return ID_PREFIX + axonEventIdentifier;
    }

    public static Optional<AccountEvent> of(String axonEventIdentifier, Instant at, Object payload) {
        if (payload instanceof AccountConnected e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("platformUserId", e.platformUserId());
            data.put("reconnected", e.reconnected());
            // the same type as a connect, so subscribers need nothing new; the marker tells them apart
            data.put("imported", e.imported());
            return event(axonEventIdentifier, ACCOUNT_CONNECTED, at, e.workspaceId().value(), data);
        }
        if (payload instanceof TokenRefreshed e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("expiresAt", e.credentials() == null ? null : e.credentials().expiresAt());
            return event(axonEventIdentifier, TOKEN_REFRESHED, at, e.workspaceId().value(), data);
        }
        if (payload instanceof TokenRefreshFailed e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("code", e.code() == null ? null : e.code().code());
            data.put("reason", e.reason());
            data.put("consecutiveFailures", e.consecutiveFailures());
            data.put("nextAttemptAt", e.nextAttemptAt());
            return event(axonEventIdentifier, TOKEN_REFRESH_FAILED, at, e.workspaceId().value(), data);
        }
        if (payload instanceof TokenExpiring e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("expiresAt", e.expiresAt());
            return event(axonEventIdentifier, TOKEN_EXPIRING, at, e.workspaceId().value(), data);
        }
        if (payload instanceof AccountRevoked e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("code", e.code() == null ? null : e.code().code());
            data.put("reason", e.reason());
            return event(axonEventIdentifier, TOKEN_REVOKED, at, e.workspaceId().value(), data);
        }
        if (payload instanceof TokenAccessed e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("keyId", e.keyId());
            data.put("accessedAt", e.accessedAt());
            return event(axonEventIdentifier, TOKEN_ACCESSED, at, e.workspaceId().value(), data);
        }
        if (payload instanceof AccountDisconnected e) {
            Map<String, Object> data = data(e.accountId(), e.platform());
            data.put("platformUserId", e.platformUserId());
            data.put("upstreamRevocation", e.upstreamRevocation() == null ? null : e.upstreamRevocation().wireName());
            return event(axonEventIdentifier, ACCOUNT_DISCONNECTED, at, e.workspaceId().value(), data);
        }
        return Optional.empty();
    }

    private static Map<String, Object> data(AccountId accountId, Platform platform) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", accountId.value());
        data.put("platform", platform.wireName());
        return data;
    }

    private static Optional<AccountEvent> event(String identifier, String type, Instant at, String workspaceId,
                                                Map<String, Object> data) {
        return Optional.of(new AccountEvent(eventId(identifier), type, at, workspaceId, Collections.unmodifiableMap(data)));
    }
}
