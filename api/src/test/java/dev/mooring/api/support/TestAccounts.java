package dev.mooring.api.support;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.web.AccountReads;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.NewConnection;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.query.AccountView;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.test.context.TestComponent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** Workspaces, keys and connected accounts for tests, made through the same services the API uses. */
@TestComponent
public class TestAccounts {

    /** Unmistakable token strings: none may ever show up outside the vault. */
    public static final String CANARY_ACCESS = "canary-access-7c1f0e5d2b";
    public static final String CANARY_REFRESH = "canary-refresh-4a9d83e61f";
    // shaped as an app password (xxxx-xxxx-xxxx-xxxx), so the paths that check the shape take it
    public static final String CANARY_APP_PASSWORD = "cnry-58e2-c07b-19ap";
    public static final List<String> CANARIES = List.of(CANARY_ACCESS, CANARY_REFRESH, CANARY_APP_PASSWORD);

    private final ApiKeys keys;
    private final ConnectService connect;
    private final AccountReads reads;
    private final EventStore eventStore;

    public TestAccounts(ApiKeys keys, ConnectService connect, AccountReads reads, EventStore eventStore) {
        this.keys = keys;
        this.connect = connect;
        this.reads = reads;
        this.eventStore = eventStore;
    }

    public record Tenant(WorkspaceId workspace, String key) {
        public String bearer() {
            return "Bearer " + key;
        }
    }

    public Tenant tenant() {
        WorkspaceId workspace = keys.createWorkspace("test");
        return new Tenant(workspace, keys.create(workspace, "test").key());
    }

    public static PlainCredentials credentials(Instant expiresAt) {
        return new PlainCredentials(CANARY_ACCESS, CANARY_REFRESH, null, expiresAt, null);
    }

    /**
     * A connection whose token outlives every platform's refresh margin (at most 20 days), so the
     * token lifecycle leaves it alone: refreshing these canaries would call the real platform and
     * write events behind the test's back. Bluesky connections also carry an app password, as the
     * real flow stores one.
     */
    public static NewConnection connection(WorkspaceId workspace, Platform platform, String userId) {
        return connection(workspace, platform, userId,
                new AccountProfile("Name of " + userId, "@" + userId, "https://avatars.example/" + userId + ".png"));
    }

    /** As {@link #connection(WorkspaceId, Platform, String)}, for the person {@code profile} describes. */
    public static NewConnection connection(WorkspaceId workspace, Platform platform, String userId, AccountProfile profile) {
        Instant expiresAt = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        return new NewConnection(workspace, platform, userId, profile,
                platform == Platform.BLUESKY
                        ? new PlainCredentials(CANARY_ACCESS, CANARY_REFRESH, CANARY_APP_PASSWORD, expiresAt, null)
                        : credentials(expiresAt),
                AccountExtensions.NONE);
    }

    /** The fixtures of one running instance, for tests that start their own. */
    public static TestAccounts of(RunningMooring mooring) {
        return new TestAccounts(mooring.bean(ApiKeys.class), mooring.bean(ConnectService.class),
                mooring.bean(AccountReads.class), mooring.bean(EventStore.class));
    }

    /** Connects and waits until the read model shows it, as an API write would. */
    public AccountView connected(WorkspaceId workspace, Platform platform, String userId) {
        return read(workspace, connect(workspace, platform, userId));
    }

    /** As {@link #connected(WorkspaceId, Platform, String)}, for the person {@code profile} describes. */
    public AccountView connected(WorkspaceId workspace, Platform platform, String userId, AccountProfile profile) {
        return read(workspace, connect.connect(connection(workspace, platform, userId, profile)));
    }

    /** Connects without waiting for the read model: for what must hold before or apart from it. */
    public AccountId connect(WorkspaceId workspace, Platform platform, String userId) {
        return connect.connect(connection(workspace, platform, userId));
    }

    public AccountView read(WorkspaceId workspace, AccountId id) {
        return reads.findAfterWrite(workspace, id).orElseThrow();
    }

    /**
     * Every form an account's secrets take: the plaintext canaries and each ciphertext its events
     * store. None of them may appear in anything a reader gets.
     */
    public List<String> secretsOf(AccountId id) {
        List<String> secrets = new ArrayList<>(List.of(CANARY_ACCESS, CANARY_REFRESH));
        eventStore.readEvents(id.value(), 0).asStream().forEach(message -> {
            Credentials credentials = message.getPayload() instanceof AccountConnected connected ? connected.credentials()
                    : message.getPayload() instanceof TokenRefreshed refreshed ? refreshed.credentials() : null;
            if (credentials != null) {
                Stream.of(credentials.accessToken(), credentials.refreshToken(), credentials.appPassword())
                        .filter(Objects::nonNull)
                        .forEach(secret -> secrets.add(secret.ciphertext()));
            }
        });
        return secrets;
    }

    /**
     * Waits until a disconnected account has left the read model. Its row was seen before (every
     * account here is read after its connect), so only the disconnect can take it away.
     */
    public void awaitGone(WorkspaceId workspace, AccountId id) {
        await(id + " leaves the read model").atMost(Duration.ofSeconds(10))
                .until(() -> reads.find(workspace, id).isEmpty());
    }
}
