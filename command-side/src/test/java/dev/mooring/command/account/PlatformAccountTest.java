package dev.mooring.command.account;

import dev.mooring.command.serialization.MooringSerializer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.ConnectAccount;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.DisconnectAccount;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RecordTokenAccess;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.kernel.account.TokenAccessed;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.account.AccountStatus;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

class PlatformAccountTest {

    private static final AccountId ACCOUNT = new AccountId("acc_01JTEST0000000000000000001");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_01JTEST");
    private static final WorkspaceId OTHER_WORKSPACE = new WorkspaceId("ws_01JOTHER");
    private static final Platform PLATFORM = Platform.LINKEDIN;
    private static final String USER = "urn:li:person:abc123";
    /** The profile as the aggregate sees it: already sealed under the account's data key by the connect flow. */
    private static final EncryptedSecret PROFILE = new EncryptedSecret("ct-profile");

    private static final Instant EXPIRES_1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant REFRESH_EXPIRES_1 = Instant.parse("2027-11-01T10:00:00Z");
    private static final Instant EXPIRES_2 = Instant.parse("2026-12-08T10:00:00Z");
    private static final Instant REFRESH_EXPIRES_2 = Instant.parse("2027-11-08T10:00:00Z");

    private static final Credentials CREDENTIALS_1 = new Credentials(new EncryptedSecret("ct-access-1"),
            new EncryptedSecret("ct-refresh-1"), null, EXPIRES_1, REFRESH_EXPIRES_1);
    private static final Credentials CREDENTIALS_2 = new Credentials(new EncryptedSecret("ct-access-2"),
            new EncryptedSecret("ct-refresh-2"), null, EXPIRES_2, REFRESH_EXPIRES_2);
    /** LinkedIn without the partner program: nothing renews this token. */
    private static final Credentials ACCESS_ONLY = new Credentials(new EncryptedSecret("ct-access-only"), null, null,
            EXPIRES_1, null);
    private static final Instant NEXT_ATTEMPT = Instant.parse("2026-11-30T10:05:00Z");
    private static final Credentials NEVER_EXPIRING = new Credentials(new EncryptedSecret("ct-access-forever"),
            null, null, null, null);

    private AggregateTestFixture<PlatformAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PlatformAccount.class);
    }

    // --- connect ---------------------------------------------------------------------------------

    @Test
    void connectCreatesTheAccount() {
        fixture.givenNoPriorActivity()
                .when(connect(CREDENTIALS_1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(connected(CREDENTIALS_1, false))
                .expectNotMarkedDeleted();
    }

    @Test
    void reconnectKeepsTheAccountIdAndSaysReconnected() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(connect(CREDENTIALS_2))
                .expectSuccessfulHandlerExecution()
                .expectEvents(connected(CREDENTIALS_2, true));
    }

    @Test
    void reconnectOfARevokedAccountMakesItActiveAgain() {
        // MarkTokenExpiring only warns an ACTIVE account, so a TokenExpiring proves the status reset
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"))
                .andGivenCommands(connect(CREDENTIALS_2))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_2));
    }

    @Test
    void reconnectOfARevokedAccountCanRefreshAgain() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"),
                        connected(CREDENTIALS_2, true))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_1, CREDENTIALS_2.accessToken()))
                .expectEvents(new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_1));
    }

    @Test
    void importCreatesAnAccountMarkedImported() {
        fixture.givenNoPriorActivity()
                .when(new ConnectAccount(ACCOUNT, WORKSPACE, PLATFORM, USER, PROFILE, CREDENTIALS_1, AccountExtensions.NONE, true))
                .expectEvents(new AccountConnected(ACCOUNT, WORKSPACE, PLATFORM, USER, PROFILE, CREDENTIALS_1,
                        AccountExtensions.NONE, false, true));
    }

    @Test
    void importNeverReplacesAConnectedAccount() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new ConnectAccount(ACCOUNT, WORKSPACE, PLATFORM, USER, PROFILE, CREDENTIALS_2, AccountExtensions.NONE, true))
                .expectException(refusedWith(ErrorCode.ALREADY_CONNECTED))
                .expectNoEvents();
    }

    @Test
    void connectOntoAnAccountHeldByAnotherIdentityIsRefused() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new ConnectAccount(ACCOUNT, WORKSPACE, PLATFORM, "urn:li:person:someone-else", PROFILE, CREDENTIALS_2, AccountExtensions.NONE, false))
                .expectException(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    @Test
    void connectOntoAnAccountOfAnotherWorkspaceIsRefused() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new ConnectAccount(ACCOUNT, OTHER_WORKSPACE, PLATFORM, USER, PROFILE, CREDENTIALS_2, AccountExtensions.NONE, false))
                .expectException(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    @Test
    void connectOntoAnAccountOfAnotherPlatformIsRefused() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new ConnectAccount(ACCOUNT, WORKSPACE, Platform.X, USER, PROFILE, CREDENTIALS_2, AccountExtensions.NONE, false))
                .expectException(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    // --- refresh ---------------------------------------------------------------------------------

    @Test
    void refreshRecordsTheNewEncryptedTokensAndExpiry() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2));
    }

    @Test
    void refreshedExpiryIsTheOneLaterWarningsUse() {
        fixture.given(connected(CREDENTIALS_1, false), new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_2));
    }

    @Test
    void refreshOfAnExpiringAccountMakesItActiveAgain() {
        fixture.given(connected(CREDENTIALS_1, false), new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_1),
                        new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_2));
    }

    @Test
    void transientRefreshFailureRecordsTokenRefreshFailedAndCountsConsecutiveFailures() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("upstream answered 503", NEXT_ATTEMPT), CREDENTIALS_1.accessToken()))
                .expectEvents(refreshFailed("upstream answered 503", 1));

        fixture = new AggregateTestFixture<>(PlatformAccount.class);
        fixture.given(connected(CREDENTIALS_1, false), refreshFailed("timeout", 1))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("upstream answered 503", NEXT_ATTEMPT), CREDENTIALS_1.accessToken()))
                .expectEvents(refreshFailed("upstream answered 503", 2));

        fixture = new AggregateTestFixture<>(PlatformAccount.class);
        fixture.given(connected(CREDENTIALS_1, false), refreshFailed("timeout", 1), refreshFailed("timeout", 2),
                        new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("upstream answered 503", NEXT_ATTEMPT), CREDENTIALS_2.accessToken()))
                .expectEvents(refreshFailed("upstream answered 503", 1));
    }

    @Test
    void transientRefreshFailureCountRestartsAfterAReconnect() {
        fixture.given(connected(CREDENTIALS_1, false), refreshFailed("timeout", 1), refreshFailed("timeout", 2),
                        connected(CREDENTIALS_2, true))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("rate limited", NEXT_ATTEMPT), CREDENTIALS_2.accessToken()))
                .expectEvents(refreshFailed("rate limited", 1));
    }

    @Test
    void transientRefreshFailureKeepsTheAccountActive() {
        fixture.given(connected(CREDENTIALS_1, false), refreshFailed("timeout", 1))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_1));
    }

    @Test
    void aTokenHandOutIsRecordedWithTheKeyAndTheTime() {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new RecordTokenAccess(ACCOUNT, WORKSPACE, "key_01JTEST", at))
                .expectEvents(new TokenAccessed(ACCOUNT, WORKSPACE, PLATFORM, "key_01JTEST", at));
    }

    @Test
    void noTokenOfARevokedAccountIsHandedOut() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"))
                .when(new RecordTokenAccess(ACCOUNT, WORKSPACE, "key_01JTEST", Instant.parse("2026-11-30T12:00:00Z")))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.PLATFORM_AUTH_FAILED));
    }

    @Test
    void anotherWorkspaceIsHandedNoTokenAndLearnsNothing() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new RecordTokenAccess(ACCOUNT, OTHER_WORKSPACE, "key_01JOTHER", Instant.parse("2026-11-30T12:00:00Z")))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.NOT_FOUND));
    }

    @Test
    void aRecordedRefreshAnswersTrue() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()))
                .expectResultMessagePayload(true);
    }

    @Test
    void aRefreshWithoutItsStartingTokenIsRecorded() {
        // commands sent before basedOn existed name no starting token: they are recorded as before
        fixture.given(connected(CREDENTIALS_1, false))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, null))
                .expectResultMessagePayload(true)
                .expectEvents(new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2));
    }

    @Test
    void aRefreshStartedBeforeAReconnectIsStaleAndRecordsNothing() {
        Credentials late = new Credentials(new EncryptedSecret("ct-access-late"), new EncryptedSecret("ct-refresh-late"),
                null, EXPIRES_2, REFRESH_EXPIRES_2);
        fixture.given(connected(CREDENTIALS_1, false), connected(CREDENTIALS_2, true))
                .when(RefreshToken.succeeded(ACCOUNT, late, CREDENTIALS_1.accessToken()))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aStaleRefusalDoesNotRevokeTheReconnectedAccount() {
        // the reconnect ended the old grant upstream; its refusal says nothing of the new one
        fixture.given(connected(CREDENTIALS_1, false), connected(CREDENTIALS_2, true))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.authFailure("invalid_grant"), CREDENTIALS_1.accessToken()))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aStaleFailureIsNotCounted() {
        fixture.given(connected(CREDENTIALS_1, false), new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("timeout", NEXT_ATTEMPT),
                        CREDENTIALS_1.accessToken()))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aTransientFailureCarriesItsNextAttemptIntoTheEvent() {
        Instant later = NEXT_ATTEMPT.plusSeconds(600);
        fixture.given(connected(CREDENTIALS_1, false))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("rate limited", later), CREDENTIALS_1.accessToken()))
                .expectEvents(new TokenRefreshFailed(ACCOUNT, WORKSPACE, PLATFORM, ErrorCode.PLATFORM_UNAVAILABLE,
                        "rate limited", 1, later));
    }

    @Test
    void permanentRefreshFailureRevokesTheAccount() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.authFailure("invalid_grant"), CREDENTIALS_1.accessToken()))
                .expectEvents(revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"));
    }

    @Test
    void refreshOfARevokedAccountIsRefused() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()))
                .expectException(AccountCommandRefused.class)
                .expectException(refusedWith(ErrorCode.PLATFORM_AUTH_FAILED))
                .expectNoEvents();
    }

    // --- expiring --------------------------------------------------------------------------------

    @Test
    void markExpiringWarnsWithTheTokenExpiry() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_1));
    }

    @Test
    void markExpiringWarnsOfTheEndItNames() {
        // LinkedIn partner: the refresh token's fixed end, not the access token's expiry
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new MarkTokenExpiring(ACCOUNT, REFRESH_EXPIRES_1))
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, REFRESH_EXPIRES_1));
    }

    @Test
    void markExpiringOfANamedEndWarnsEvenForATokenThatNeverExpires() {
        fixture.given(connected(NEVER_EXPIRING, false))
                .when(new MarkTokenExpiring(ACCOUNT, REFRESH_EXPIRES_1))
                .expectEvents(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, REFRESH_EXPIRES_1));
    }

    @Test
    void markExpiringTwiceAppliesNothingTheSecondTime() {
        fixture.given(connected(CREDENTIALS_1, false), new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_1))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void markExpiringOnATokenThatNeverExpiresAppliesNothing() {
        fixture.given(connected(NEVER_EXPIRING, false))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void markExpiringOnARevokedAccountAppliesNothing() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- revoke ----------------------------------------------------------------------------------

    @Test
    void expiryOfATokenNothingCanRenewRevokesTheAccount() {
        fixture.given(connected(ACCESS_ONLY, false))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectEvents(revoked(ErrorCode.PLATFORM_AUTH_FAILED,
                        "the linkedin token expired at " + EXPIRES_1 + " and was not renewed"));
    }

    @Test
    void expiryOfAnAccessTokenIsNoDeathWhileARefreshTokenIsHeld() {
        // only the platform's refusal of the refresh token revokes; a stale or legacy deadline must not
        fixture.given(connected(CREDENTIALS_1, false), refreshFailed("upstream answered 503", 4))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void expiryOfABlueskyAccessJwtIsNoDeathWhileTheAppPasswordIsHeld() {
        Credentials appPasswordOnly = new Credentials(new EncryptedSecret("ct-access-jwt"), null,
                new EncryptedSecret("ct-app-password"), EXPIRES_1, null);
        fixture.given(connected(appPasswordOnly, false))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void expiryOfATokenRenewedSinceAppliesNothing() {
        fixture.given(connected(CREDENTIALS_1, false), new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void expiryOfARevokedAccountAppliesNothing() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "gone"))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectNoEvents();
    }

    @Test
    void revokeRecordsTheCodeAndReason() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "user removed the app"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(revoked(ErrorCode.PLATFORM_AUTH_FAILED, "user removed the app"));
    }

    @Test
    void revokeOfAnExpiringAccountRevokesIt() {
        fixture.given(connected(CREDENTIALS_1, false), new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_1))
                .when(new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "expired"))
                .expectEvents(revoked(ErrorCode.PLATFORM_AUTH_FAILED, "expired"));
    }

    @Test
    void revokingARevokedAccountAppliesNothing() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- disconnect ------------------------------------------------------------------------------

    @Test
    void disconnectDeletesTheAccount() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new DisconnectAccount(ACCOUNT, WORKSPACE, UpstreamRevocation.REVOKED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, UpstreamRevocation.REVOKED))
                .expectMarkedDeleted();
    }

    @Test
    void disconnectRecordsWhatBecameOfTheGrantUpstream() {
        for (UpstreamRevocation outcome : UpstreamRevocation.values()) {
            fixture = new AggregateTestFixture<>(PlatformAccount.class);
            fixture.given(connected(CREDENTIALS_1, false))
                    .when(new DisconnectAccount(ACCOUNT, WORKSPACE, outcome))
                    .expectEvents(new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, outcome))
                    .expectMarkedDeleted();
        }
    }

    @Test
    void disconnectOfARevokedAccountDeletesIt() {
        fixture.given(connected(CREDENTIALS_1, false), revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(new DisconnectAccount(ACCOUNT, WORKSPACE, UpstreamRevocation.REVOKED))
                .expectEvents(new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, UpstreamRevocation.REVOKED))
                .expectMarkedDeleted();
    }

    @Test
    void disconnectFromAnotherWorkspaceIsRefusedAsNotFound() {
        fixture.given(connected(CREDENTIALS_1, false))
                .when(new DisconnectAccount(ACCOUNT, OTHER_WORKSPACE, UpstreamRevocation.REVOKED))
                .expectException(refusedWith(ErrorCode.NOT_FOUND))
                .expectExceptionMessage("no account " + ACCOUNT)
                .expectNoEvents();
    }

    @Test
    void anyCommandOnADisconnectedAccountIsRefused() {
        Object[] history = {connected(CREDENTIALS_1, false), new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, UpstreamRevocation.REVOKED)};
        Object[] commands = {
                RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()),
                new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "user revoked"),
                new MarkTokenExpiring(ACCOUNT),
                new DisconnectAccount(ACCOUNT, WORKSPACE, UpstreamRevocation.REVOKED),
                // CREATE_IF_MISSING does not resurrect it either: only "not found" creates, "deleted" does not
                connect(CREDENTIALS_2),
        };
        for (Object command : commands) {
            fixture = new AggregateTestFixture<>(PlatformAccount.class);
            fixture.given(history)
                    .when(command)
                    .expectException(AggregateDeletedException.class)
                    .expectNoEvents();
        }
    }

    // --- serialization (the app's MooringSerializer)  ----------------------------------------------

    @Test
    void everyEventSurvivesTheEventSerializer() {
        Serializer serializer = MooringSerializer.jackson();
        Credentials bluesky = new Credentials(new EncryptedSecret("ct-access-3"), new EncryptedSecret("ct-refresh-3"),
                new EncryptedSecret("ct-app-password-3"), EXPIRES_1, REFRESH_EXPIRES_1,
                URI.create("https://pds.example.com"));
        List<Object> events = new ArrayList<>(List.of(
                connected(CREDENTIALS_1, false),
                connected(NEVER_EXPIRING, true),
                new AccountConnected(ACCOUNT, WORKSPACE, Platform.BLUESKY, "did:plc:abc123",
                        new EncryptedSecret("ct-profile-bluesky"), bluesky, AccountExtensions.NONE, false, false),
                new AccountConnected(ACCOUNT, WORKSPACE, Platform.PINTEREST, "pin-user", PROFILE, CREDENTIALS_1,
                        new AccountExtensions(new AccountExtensions.DefaultBoard("board-1", "Recipes")), false, false),
                new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2),
                refreshFailed("upstream answered 503", 3),
                new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_1),
                new TokenRefreshFailed(ACCOUNT, WORKSPACE, PLATFORM, ErrorCode.PLATFORM_UNAVAILABLE, "old", 2, null),
                new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, null)));
        for (UpstreamRevocation outcome : UpstreamRevocation.values()) {
            events.add(new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, outcome));
        }
        for (ErrorCode code : ErrorCode.values()) {
            events.add(revoked(code, "because " + code.code()));
        }
        for (Platform platform : Platform.values()) {
            events.add(new TokenExpiring(ACCOUNT, WORKSPACE, platform, EXPIRES_2));
        }

        for (Object event : events) {
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            Object restored = serializer.deserialize(stored);
            assertThat(restored).as("round trip of %s", event).isEqualTo(event);
        }

        String json = new String(serializer.serialize(connected(CREDENTIALS_1, false), byte[].class).getData(),
                StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"accountId\":\"" + ACCOUNT.value() + "\"")
                .contains("\"platform\":\"linkedin\"")
                .contains("\"accessToken\":\"ct-access-1\"")
                .contains("\"expiresAt\":\"2026-12-01T10:00:00Z\"");
    }

    @Test
    void anEventStoredBeforeCredentialsHadAServiceUrlStillReads() {
        String stored = """
                {"accountId":"%s","workspaceId":"%s","platform":"linkedin","platformUserId":"%s",
                 "profile":{"displayName":"Ada Lovelace","handle":"ada","avatarUrl":"https://cdn.example/ada.png"},
                 "credentials":{"accessToken":"ct-access-1","refreshToken":"ct-refresh-1",
                   "appPassword":null,"expiresAt":"2026-12-01T10:00:00Z","refreshExpiresAt":"2027-11-01T10:00:00Z"},
                 "extensions":{},"reconnected":false}""".formatted(ACCOUNT.value(), WORKSPACE.value(), USER);

        Object restored = MooringSerializer.jackson().deserialize(new SimpleSerializedObject<>(
                stored.getBytes(StandardCharsets.UTF_8), byte[].class, AccountConnected.class.getName(), null));

        // a revision-1 event's clear profile is no field any more: ClearProfileSealing seals it in place at startup
        assertThat(restored).isEqualTo(new AccountConnected(ACCOUNT, WORKSPACE, PLATFORM, USER, null, CREDENTIALS_1,
                AccountExtensions.NONE, false, false));
        assertThat(((AccountConnected) restored).credentials().serviceUrl()).isNull();
    }

    @Test
    void eventsStoredBeforeTheyCarriedNextAttemptAndUpstreamRevocationStillRead() {
        Serializer serializer = MooringSerializer.jackson();
        String failed = """
                {"accountId":"%s","workspaceId":"%s","platform":"linkedin","code":"platform_unavailable",
                 "reason":"timeout","consecutiveFailures":2}""".formatted(ACCOUNT.value(), WORKSPACE.value());
        String disconnected = """
                {"accountId":"%s","workspaceId":"%s","platform":"linkedin","platformUserId":"%s"}"""
                .formatted(ACCOUNT.value(), WORKSPACE.value(), USER);

        assertThat(serializer.<byte[], Object>deserialize(new SimpleSerializedObject<>(failed.getBytes(StandardCharsets.UTF_8),
                byte[].class, TokenRefreshFailed.class.getName(), null)))
                .isEqualTo(new TokenRefreshFailed(ACCOUNT, WORKSPACE, PLATFORM, ErrorCode.PLATFORM_UNAVAILABLE, "timeout", 2, null));
        assertThat(serializer.<byte[], Object>deserialize(new SimpleSerializedObject<>(disconnected.getBytes(StandardCharsets.UTF_8),
                byte[].class, AccountDisconnected.class.getName(), null)))
                .isEqualTo(new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, null));
    }

    @Test
    void theUpstreamRevocationIsStoredByItsWireName() {
        String json = new String(MooringSerializer.jackson().serialize(
                new AccountDisconnected(ACCOUNT, WORKSPACE, PLATFORM, USER, UpstreamRevocation.NOT_SUPPORTED), byte[].class)
                .getData(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"upstreamRevocation\":\"not_supported\"");
    }

    @Test
    void theAggregateSurvivesASnapshotRoundTrip() {
        Serializer serializer = MooringSerializer.jackson();
        PlatformAccount account = new PlatformAccount();
        account.on(connected(CREDENTIALS_1, false));
        account.on(new TokenRefreshed(ACCOUNT, WORKSPACE, PLATFORM, CREDENTIALS_2));
        account.on(new TokenExpiring(ACCOUNT, WORKSPACE, PLATFORM, EXPIRES_2));
        account.on(refreshFailed("timeout", 2));

        SerializedObject<byte[]> snapshot = serializer.serialize(account, byte[].class);
        PlatformAccount restored = serializer.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().isEqualTo(account);
        assertThat(restored).extracting("status").isEqualTo(AccountStatus.EXPIRING);
        assertThat(restored).extracting("consecutiveRefreshFailures").isEqualTo(2);
        assertThat(restored).extracting("credentials").isEqualTo(CREDENTIALS_2);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static ConnectAccount connect(Credentials credentials) {
        return new ConnectAccount(ACCOUNT, WORKSPACE, PLATFORM, USER, PROFILE, credentials, AccountExtensions.NONE, false);
    }

    private static AccountConnected connected(Credentials credentials, boolean reconnected) {
        return new AccountConnected(ACCOUNT, WORKSPACE, PLATFORM, USER, PROFILE, credentials, AccountExtensions.NONE, reconnected, false);
    }

    private static AccountRevoked revoked(ErrorCode code, String reason) {
        return new AccountRevoked(ACCOUNT, WORKSPACE, PLATFORM, code, reason);
    }

    private static TokenRefreshFailed refreshFailed(String reason, int consecutive) {
        return new TokenRefreshFailed(ACCOUNT, WORKSPACE, PLATFORM, ErrorCode.PLATFORM_UNAVAILABLE, reason, consecutive,
                NEXT_ATTEMPT);
    }

    private static org.hamcrest.Matcher<Object> refusedWith(ErrorCode code) {
        return predicate(e -> e instanceof AccountCommandRefused refused && refused.code() == code);
    }
}
