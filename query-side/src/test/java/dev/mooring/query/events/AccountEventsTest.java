package dev.mooring.query.events;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountDisconnected;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountRevoked;
import dev.mooring.kernel.account.Credentials;
import dev.mooring.kernel.account.TokenAccessed;
import dev.mooring.kernel.account.TokenExpiring;
import dev.mooring.kernel.account.TokenRefreshFailed;
import dev.mooring.kernel.account.TokenRefreshed;
import dev.mooring.kernel.account.UpstreamRevocation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccountEventsTest {

    private static final AccountId ACCOUNT = new AccountId("acc_01JDTEST");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_01JDTEST");
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-12-28T10:00:00Z");
    private static final Credentials CREDENTIALS = new Credentials(new EncryptedSecret("CIPHER-ACCESS"),
            new EncryptedSecret("CIPHER-REFRESH"), new EncryptedSecret("CIPHER-PASSWORD"), EXPIRY, null);

    @Test
    void theEnvelopeIdIsDerivedFromTheAxonEventIdentifier() {
        AccountEvent event = AccountEvents.of("1f0e-42", AT,
                new TokenExpiring(ACCOUNT, WORKSPACE, Platform.LINKEDIN, EXPIRY)).orElseThrow();

        assertThat(event.id()).isEqualTo("evt_1f0e-42");
        assertThat(event.type()).isEqualTo("token.expiring");
        assertThat(event.createdAt()).isEqualTo(AT);
        assertThat(event.workspaceId()).isEqualTo(WORKSPACE.value());
        assertThat(event.accountId()).isEqualTo(ACCOUNT.value());
        assertThat(event.data()).containsExactly(Map.entry("accountId", ACCOUNT.value()),
                Map.entry("platform", "linkedin"), Map.entry("expiresAt", EXPIRY));
    }

    @Test
    void eachEventHasItsPublicTypeAndFields() {
        assertThat(data(new AccountConnected(ACCOUNT, WORKSPACE, Platform.X, "x-user",
                new EncryptedSecret("ct-profile"), CREDENTIALS, AccountExtensions.NONE, true, false), "account.connected"))
                .containsEntry("reconnected", true).containsEntry("imported", false).containsEntry("platform", "x")
                .containsEntry("platformUserId", "x-user");
        assertThat(data(new AccountConnected(ACCOUNT, WORKSPACE, Platform.X, "x-user", null, CREDENTIALS,
                AccountExtensions.NONE, false, true), "account.connected")).containsEntry("imported", true);
        assertThat(data(new AccountRevoked(ACCOUNT, WORKSPACE, Platform.X, ErrorCode.PLATFORM_AUTH_FAILED, "invalid_grant"),
                "token.revoked")).containsEntry("code", "platform_auth_failed").containsEntry("reason", "invalid_grant");
        assertThat(data(new AccountDisconnected(ACCOUNT, WORKSPACE, Platform.X, "x-user", UpstreamRevocation.REVOKED),
                "account.disconnected"))
                .containsEntry("accountId", ACCOUNT.value()).containsEntry("upstreamRevocation", "revoked");
        // events stored before the revocation was recorded say nothing of it
        assertThat(data(new AccountDisconnected(ACCOUNT, WORKSPACE, Platform.X, "x-user", null), "account.disconnected"))
                .containsEntry("upstreamRevocation", null);
        assertThat(data(new TokenRefreshed(ACCOUNT, WORKSPACE, Platform.X, CREDENTIALS), "token.refreshed"))
                .containsEntry("expiresAt", EXPIRY);
        assertThat(data(new TokenRefreshFailed(ACCOUNT, WORKSPACE, Platform.X, ErrorCode.PLATFORM_UNAVAILABLE, "503", 2,
                EXPIRY), "token.refresh_failed")).containsEntry("consecutiveFailures", 2).containsEntry("nextAttemptAt", EXPIRY);
    }

    @Test
    void aTokenHandOutIsAnAuditEntryWithTheKeyAndNoWebhookType() {
        assertThat(data(new TokenAccessed(ACCOUNT, WORKSPACE, Platform.BLUESKY, "key_01JDTEST", AT), "token.accessed"))
                .containsExactly(Map.entry("accountId", ACCOUNT.value()), Map.entry("platform", "bluesky"),
                        Map.entry("keyId", "key_01JDTEST"), Map.entry("accessedAt", AT));
        assertThat(AccountEvents.WEBHOOK_TYPES).doesNotContain("token.accessed");
    }

    @Test
    void noCredentialLeavesThroughAnyEvent() {
        for (Object payload : new Object[]{
                new AccountConnected(ACCOUNT, WORKSPACE, Platform.X, "x-user", null, CREDENTIALS, AccountExtensions.NONE, false, false),
                new TokenRefreshed(ACCOUNT, WORKSPACE, Platform.X, CREDENTIALS)}) {
            AccountEvent event = AccountEvents.of("id", AT, payload).orElseThrow();
            assertThat(event.data().toString()).doesNotContain("CIPHER");
            assertThat(event.data()).doesNotContainKeys("credentials", "accessToken", "refreshToken", "appPassword");
        }
    }

    @Test
    void unknownPayloadsTranslateToNothing() {
        assertThat(AccountEvents.of("id", AT, "a snapshot or a future event")).isEmpty();
    }

    private static Map<String, Object> data(Object payload, String type) {
        AccountEvent event = AccountEvents.of("id", AT, payload).orElseThrow();
        assertThat(event.type()).isEqualTo(type);
        return event.data();
    }
}
