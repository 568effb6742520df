package dev.mooring.command.account;

import dev.mooring.command.fixtures.AccountFixture;
import dev.mooring.command.serialization.MooringSerializer;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountCommandRefused;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.DisconnectAccount;
import dev.mooring.kernel.account.ExpireToken;
import dev.mooring.kernel.account.MarkTokenExpiring;
import dev.mooring.kernel.account.RefreshFailure;
import dev.mooring.kernel.account.RefreshToken;
import dev.mooring.kernel.account.RecordTokenAccess;
import dev.mooring.kernel.account.RevokeAccount;
import dev.mooring.kernel.account.TokenRefreshFailed;
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

import static dev.mooring.command.fixtures.AccountFixture.ACCOUNT;
import static dev.mooring.command.fixtures.AccountFixture.WORKSPACE;
import static dev.mooring.command.fixtures.AccountFixture.aBlueskyAccount;
import static dev.mooring.command.fixtures.AccountFixture.aLinkedInAccount;
import static dev.mooring.command.fixtures.AccountFixture.anAccountOn;
import static dev.mooring.command.fixtures.CredentialsFixture.accessOnly;
import static dev.mooring.command.fixtures.CredentialsFixture.blueskySession;
import static dev.mooring.command.fixtures.CredentialsFixture.refreshable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

class PlatformAccountTest {

    private static final WorkspaceId OTHER_WORKSPACE = new WorkspaceId("ws_01JOTHER");
    private static final AccountFixture LINKEDIN = aLinkedInAccount();
    private static final String USER = LINKEDIN.platformUserId();

    private static final Instant EXPIRES_1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant REFRESH_EXPIRES_1 = Instant.parse("2027-11-01T10:00:00Z");
    private static final Instant EXPIRES_2 = Instant.parse("2026-12-08T10:00:00Z");
    private static final Instant REFRESH_EXPIRES_2 = Instant.parse("2027-11-08T10:00:00Z");

    private static final Credentials CREDENTIALS_1 = refreshable().withAccessToken("ct-access-1").withRefreshToken("ct-refresh-1")
            .expiringAt(EXPIRES_1).refreshEndingAt(REFRESH_EXPIRES_1).build();
    private static final Credentials CREDENTIALS_2 = refreshable().withAccessToken("ct-access-2").withRefreshToken("ct-refresh-2")
            .expiringAt(EXPIRES_2).refreshEndingAt(REFRESH_EXPIRES_2).build();
    /** LinkedIn without the partner program: nothing renews this token. */
    private static final Credentials ACCESS_ONLY = accessOnly().withAccessToken("ct-access-only").expiringAt(EXPIRES_1).build();
    private static final Instant NEXT_ATTEMPT = Instant.parse("2026-11-30T10:05:00Z");
    private static final Credentials NEVER_EXPIRING = accessOnly().withAccessToken("ct-access-forever").build();

    private AggregateTestFixture<PlatformAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PlatformAccount.class);
    }

    // --- connect ---------------------------------------------------------------------------------

    @Test
    void connectCreatesTheAccount() {
        fixture.givenNoPriorActivity()
                .when(LINKEDIN.connect(CREDENTIALS_1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.connected(CREDENTIALS_1))
                .expectNotMarkedDeleted();
    }

    @Test
    void reconnectKeepsTheAccountIdAndSaysReconnected() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(LINKEDIN.connect(CREDENTIALS_2))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.reconnected(CREDENTIALS_2));
    }

    @Test
    void reconnectOfARevokedAccountMakesItActiveAgain() {
        // MarkTokenExpiring only warns an ACTIVE account, so a TokenExpiring proves the status reset
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"))
                .andGivenCommands(LINKEDIN.connect(CREDENTIALS_2))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.expiring(EXPIRES_2));
    }

    @Test
    void reconnectOfARevokedAccountCanRefreshAgain() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"),
                        LINKEDIN.reconnected(CREDENTIALS_2))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_1, CREDENTIALS_2.accessToken()))
                .expectEvents(LINKEDIN.refreshed(CREDENTIALS_1));
    }

    @Test
    void importCreatesAnAccountMarkedImported() {
        fixture.givenNoPriorActivity()
                .when(LINKEDIN.importWith(CREDENTIALS_1))
                .expectEvents(LINKEDIN.imported(CREDENTIALS_1));
    }

    @Test
    void importNeverReplacesAConnectedAccount() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(LINKEDIN.importWith(CREDENTIALS_2))
                .expectException(refusedWith(ErrorCode.ALREADY_CONNECTED))
                .expectNoEvents();
    }

    @Test
    void connectOntoAnAccountHeldByAnotherIdentityIsRefused() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(LINKEDIN.ofUser("urn:li:person:someone-else").connect(CREDENTIALS_2))
                .expectException(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    @Test
    void connectOntoAnAccountOfAnotherWorkspaceIsRefused() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(LINKEDIN.inWorkspace(OTHER_WORKSPACE).connect(CREDENTIALS_2))
                .expectException(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    @Test
    void connectOntoAnAccountOfAnotherPlatformIsRefused() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(LINKEDIN.on(Platform.X).connect(CREDENTIALS_2))
                .expectException(refusedWith(ErrorCode.VALIDATION_FAILED))
                .expectNoEvents();
    }

    // --- refresh ---------------------------------------------------------------------------------

    @Test
    void refreshRecordsTheNewEncryptedTokensAndExpiry() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.refreshed(CREDENTIALS_2));
    }

    @Test
    void refreshedExpiryIsTheOneLaterWarningsUse() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshed(CREDENTIALS_2))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectEvents(LINKEDIN.expiring(EXPIRES_2));
    }

    @Test
    void refreshOfAnExpiringAccountMakesItActiveAgain() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.expiring(EXPIRES_1),
                        LINKEDIN.refreshed(CREDENTIALS_2))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectEvents(LINKEDIN.expiring(EXPIRES_2));
    }

    @Test
    void transientRefreshFailureRecordsTokenRefreshFailedAndCountsConsecutiveFailures() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("upstream answered 503", NEXT_ATTEMPT), CREDENTIALS_1.accessToken()))
                .expectEvents(LINKEDIN.refreshFailed("upstream answered 503", 1, NEXT_ATTEMPT));

        fixture = new AggregateTestFixture<>(PlatformAccount.class);
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshFailed("timeout", 1, NEXT_ATTEMPT))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("upstream answered 503", NEXT_ATTEMPT), CREDENTIALS_1.accessToken()))
                .expectEvents(LINKEDIN.refreshFailed("upstream answered 503", 2, NEXT_ATTEMPT));

        fixture = new AggregateTestFixture<>(PlatformAccount.class);
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshFailed("timeout", 1, NEXT_ATTEMPT), LINKEDIN.refreshFailed("timeout", 2, NEXT_ATTEMPT),
                        LINKEDIN.refreshed(CREDENTIALS_2))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("upstream answered 503", NEXT_ATTEMPT), CREDENTIALS_2.accessToken()))
                .expectEvents(LINKEDIN.refreshFailed("upstream answered 503", 1, NEXT_ATTEMPT));
    }

    @Test
    void transientRefreshFailureCountRestartsAfterAReconnect() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshFailed("timeout", 1, NEXT_ATTEMPT), LINKEDIN.refreshFailed("timeout", 2, NEXT_ATTEMPT),
                        LINKEDIN.reconnected(CREDENTIALS_2))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("rate limited", NEXT_ATTEMPT), CREDENTIALS_2.accessToken()))
                .expectEvents(LINKEDIN.refreshFailed("rate limited", 1, NEXT_ATTEMPT));
    }

    @Test
    void transientRefreshFailureKeepsTheAccountActive() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshFailed("timeout", 1, NEXT_ATTEMPT))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectEvents(LINKEDIN.expiring(EXPIRES_1));
    }

    @Test
    void aTokenHandOutIsRecordedWithTheKeyAndTheTime() {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new RecordTokenAccess(ACCOUNT, WORKSPACE, "key_01JTEST", at))
                .expectEvents(LINKEDIN.accessedWith("key_01JTEST", at));
    }

    @Test
    void noTokenOfARevokedAccountIsHandedOut() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "token revoked upstream"))
                .when(new RecordTokenAccess(ACCOUNT, WORKSPACE, "key_01JTEST", Instant.parse("2026-11-30T12:00:00Z")))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.PLATFORM_AUTH_FAILED));
    }

    @Test
    void anotherWorkspaceIsHandedNoTokenAndLearnsNothing() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new RecordTokenAccess(ACCOUNT, OTHER_WORKSPACE, "key_01JOTHER", Instant.parse("2026-11-30T12:00:00Z")))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.NOT_FOUND));
    }

    @Test
    void aRecordedRefreshAnswersTrue() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()))
                .expectResultMessagePayload(true);
    }

    @Test
    void aRefreshWithoutItsStartingTokenIsRecorded() {
        // commands sent before basedOn existed name no starting token: they are recorded as before
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, null))
                .expectResultMessagePayload(true)
                .expectEvents(LINKEDIN.refreshed(CREDENTIALS_2));
    }

    @Test
    void aRefreshStartedBeforeAReconnectIsStaleAndRecordsNothing() {
        Credentials late = refreshable().withAccessToken("ct-access-late").withRefreshToken("ct-refresh-late")
                .expiringAt(EXPIRES_2).refreshEndingAt(REFRESH_EXPIRES_2).build();
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.reconnected(CREDENTIALS_2))
                .when(RefreshToken.succeeded(ACCOUNT, late, CREDENTIALS_1.accessToken()))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aStaleRefusalDoesNotRevokeTheReconnectedAccount() {
        // the reconnect ended the old grant upstream; its refusal says nothing of the new one
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.reconnected(CREDENTIALS_2))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.authFailure("invalid_grant"), CREDENTIALS_1.accessToken()))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aStaleFailureIsNotCounted() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshed(CREDENTIALS_2))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("timeout", NEXT_ATTEMPT),
                        CREDENTIALS_1.accessToken()))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aTransientFailureCarriesItsNextAttemptIntoTheEvent() {
        Instant later = NEXT_ATTEMPT.plusSeconds(600);
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.transientFailure("rate limited", later), CREDENTIALS_1.accessToken()))
                .expectEvents(LINKEDIN.refreshFailed("rate limited", 1, later));
    }

    @Test
    void permanentRefreshFailureRevokesTheAccount() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(RefreshToken.failed(ACCOUNT, RefreshFailure.authFailure("invalid_grant"), CREDENTIALS_1.accessToken()))
                .expectEvents(LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"));
    }

    @Test
    void refreshOfARevokedAccountIsRefused() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()))
                .expectException(AccountCommandRefused.class)
                .expectException(refusedWith(ErrorCode.PLATFORM_AUTH_FAILED))
                .expectNoEvents();
    }

    // --- expiring --------------------------------------------------------------------------------

    @Test
    void markExpiringWarnsWithTheTokenExpiry() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.expiring(EXPIRES_1));
    }

    @Test
    void markExpiringWarnsOfTheEndItNames() {
        // LinkedIn partner: the refresh token's fixed end, not the access token's expiry
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new MarkTokenExpiring(ACCOUNT, REFRESH_EXPIRES_1))
                .expectEvents(LINKEDIN.expiring(REFRESH_EXPIRES_1));
    }

    @Test
    void markExpiringOfANamedEndWarnsEvenForATokenThatNeverExpires() {
        fixture.given(LINKEDIN.connected(NEVER_EXPIRING))
                .when(new MarkTokenExpiring(ACCOUNT, REFRESH_EXPIRES_1))
                .expectEvents(LINKEDIN.expiring(REFRESH_EXPIRES_1));
    }

    @Test
    void markExpiringTwiceAppliesNothingTheSecondTime() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.expiring(EXPIRES_1))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void markExpiringOnATokenThatNeverExpiresAppliesNothing() {
        fixture.given(LINKEDIN.connected(NEVER_EXPIRING))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void markExpiringOnARevokedAccountAppliesNothing() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(new MarkTokenExpiring(ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- revoke ----------------------------------------------------------------------------------

    @Test
    void expiryOfATokenNothingCanRenewRevokesTheAccount() {
        fixture.given(LINKEDIN.connected(ACCESS_ONLY))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectEvents(LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "the linkedin token expired at " + EXPIRES_1 + " and was not renewed"));
    }

    @Test
    void expiryOfAnAccessTokenIsNoDeathWhileARefreshTokenIsHeld() {
        // only the platform's refusal of the refresh token revokes; a stale or legacy deadline must not
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshFailed("upstream answered 503", 4, NEXT_ATTEMPT))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void expiryOfABlueskyAccessJwtIsNoDeathWhileTheAppPasswordIsHeld() {
        Credentials appPasswordOnly = blueskySession().withoutRefreshToken().expiringAt(EXPIRES_1).build();
        fixture.given(LINKEDIN.connected(appPasswordOnly))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void expiryOfATokenRenewedSinceAppliesNothing() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.refreshed(CREDENTIALS_2))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void expiryOfARevokedAccountAppliesNothing() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "gone"))
                .when(new ExpireToken(ACCOUNT, EXPIRES_1))
                .expectNoEvents();
    }

    @Test
    void revokeRecordsTheCodeAndReason() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "user removed the app"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "user removed the app"));
    }

    @Test
    void revokeOfAnExpiringAccountRevokesIt() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.expiring(EXPIRES_1))
                .when(new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "expired"))
                .expectEvents(LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "expired"));
    }

    @Test
    void revokingARevokedAccountAppliesNothing() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- disconnect ------------------------------------------------------------------------------

    @Test
    void disconnectDeletesTheAccount() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new DisconnectAccount(ACCOUNT, WORKSPACE, UpstreamRevocation.REVOKED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(LINKEDIN.disconnected(UpstreamRevocation.REVOKED))
                .expectMarkedDeleted();
    }

    @Test
    void disconnectRecordsWhatBecameOfTheGrantUpstream() {
        for (UpstreamRevocation outcome : UpstreamRevocation.values()) {
            fixture = new AggregateTestFixture<>(PlatformAccount.class);
            fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                    .when(new DisconnectAccount(ACCOUNT, WORKSPACE, outcome))
                    .expectEvents(LINKEDIN.disconnected(outcome))
                    .expectMarkedDeleted();
        }
    }

    @Test
    void disconnectOfARevokedAccountDeletesIt() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.revoked(ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"))
                .when(new DisconnectAccount(ACCOUNT, WORKSPACE, UpstreamRevocation.REVOKED))
                .expectEvents(LINKEDIN.disconnected(UpstreamRevocation.REVOKED))
                .expectMarkedDeleted();
    }

    @Test
    void disconnectFromAnotherWorkspaceIsRefusedAsNotFound() {
        fixture.given(LINKEDIN.connected(CREDENTIALS_1))
                .when(new DisconnectAccount(ACCOUNT, OTHER_WORKSPACE, UpstreamRevocation.REVOKED))
                .expectException(refusedWith(ErrorCode.NOT_FOUND))
                .expectExceptionMessage("no account " + ACCOUNT)
                .expectNoEvents();
    }

    @Test
    void anyCommandOnADisconnectedAccountIsRefused() {
        Object[] history = {LINKEDIN.connected(CREDENTIALS_1), LINKEDIN.disconnected(UpstreamRevocation.REVOKED)};
        Object[] commands = {
                RefreshToken.succeeded(ACCOUNT, CREDENTIALS_2, CREDENTIALS_1.accessToken()),
                new RevokeAccount(ACCOUNT, ErrorCode.PLATFORM_AUTH_FAILED, "user revoked"),
                new MarkTokenExpiring(ACCOUNT),
                new DisconnectAccount(ACCOUNT, WORKSPACE, UpstreamRevocation.REVOKED),
                // CREATE_IF_MISSING does not resurrect it either: only "not found" creates, "deleted" does not
                LINKEDIN.connect(CREDENTIALS_2),
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
        Credentials bluesky = blueskySession().withAccessToken("ct-access-3").withRefreshToken("ct-refresh-3")
                .withAppPassword("ct-app-password-3").expiringAt(EXPIRES_1).refreshEndingAt(REFRESH_EXPIRES_1)
                .withServiceUrl(URI.create("https://pds.example.com")).build();
        List<Object> events = new ArrayList<>(List.of(
                LINKEDIN.connected(CREDENTIALS_1),
                LINKEDIN.reconnected(NEVER_EXPIRING),
                aBlueskyAccount().withProfile(new EncryptedSecret("ct-profile-bluesky")).connected(bluesky),
                anAccountOn(Platform.PINTEREST).ofUser("pin-user")
                        .withExtensions(new AccountExtensions(new AccountExtensions.DefaultBoard("board-1", "Recipes"))).connected(CREDENTIALS_1),
                LINKEDIN.refreshed(CREDENTIALS_2),
                LINKEDIN.refreshFailed("upstream answered 503", 3, NEXT_ATTEMPT),
                LINKEDIN.expiring(EXPIRES_1),
                LINKEDIN.refreshFailed("old", 2, null),
                LINKEDIN.disconnected(null)));
        for (UpstreamRevocation outcome : UpstreamRevocation.values()) {
            events.add(LINKEDIN.disconnected(outcome));
        }
        for (ErrorCode code : ErrorCode.values()) {
            events.add(LINKEDIN.revoked(code, "because " + code.code()));
        }
        for (Platform platform : Platform.values()) {
            events.add(LINKEDIN.on(platform).expiring(EXPIRES_2));
        }

        for (Object event : events) {
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            Object restored = serializer.deserialize(stored);
            assertThat(restored).as("round trip of %s", event).isEqualTo(event);
        }

        String json = new String(serializer.serialize(LINKEDIN.connected(CREDENTIALS_1), byte[].class).getData(),
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
        assertThat(restored).isEqualTo(LINKEDIN.withProfile(null).connected(CREDENTIALS_1));
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
                .isEqualTo(LINKEDIN.refreshFailed("timeout", 2, null));
        assertThat(serializer.<byte[], Object>deserialize(new SimpleSerializedObject<>(disconnected.getBytes(StandardCharsets.UTF_8),
                byte[].class, AccountDisconnected.class.getName(), null)))
                .isEqualTo(LINKEDIN.disconnected(null));
    }

    @Test
    void theUpstreamRevocationIsStoredByItsWireName() {
        String json = new String(MooringSerializer.jackson().serialize(
                LINKEDIN.disconnected(UpstreamRevocation.NOT_SUPPORTED), byte[].class)
                .getData(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"upstreamRevocation\":\"not_supported\"");
    }

    @Test
    void theAggregateSurvivesASnapshotRoundTrip() {
        Serializer serializer = MooringSerializer.jackson();
        PlatformAccount account = new PlatformAccount();
        account.on(LINKEDIN.connected(CREDENTIALS_1));
        account.on(LINKEDIN.refreshed(CREDENTIALS_2));
        account.on(LINKEDIN.expiring(EXPIRES_2));
        account.on(LINKEDIN.refreshFailed("timeout", 2, NEXT_ATTEMPT));

        SerializedObject<byte[]> snapshot = serializer.serialize(account, byte[].class);
        PlatformAccount restored = serializer.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().isEqualTo(account);
        assertThat(restored).extracting("status").isEqualTo(AccountStatus.EXPIRING);
        assertThat(restored).extracting("consecutiveRefreshFailures").isEqualTo(2);
        assertThat(restored).extracting("credentials").isEqualTo(CREDENTIALS_2);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static org.hamcrest.Matcher<Object> refusedWith(ErrorCode code) {
        return predicate(e -> e instanceof AccountCommandRefused refused && refused.code() == code);
    }
}
