package dev.mooring.api.config;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.web.AccountReads;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.vault.CredentialsSealer;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The run command's embedded default keeps everything under the data directory across restarts. */
@ExtendWith(OutputCaptureExtension.class)
class RestartKeepsDataTest {

    @TempDir
    Path dataDir;

    @Test
    void accountsKeysAndTheGeneratedMasterKeySurviveARestart(CapturedOutput output) throws Exception {
        String setting = "mooring.data-dir=" + dataDir;
        String key;
        AccountId id;
        try (RunningMooring first = RunningMooring.start(setting)) {
            Path keyFile = dataDir.resolve("dev-api-key");
            assertThat(keyFile).exists();
            assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("master-key"))).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            key = Files.readString(keyFile).trim();
            assertThat(output.getOut()).as("the log says where the key is, never the key")
                    .contains("development API key: in " + keyFile.toAbsolutePath())
                    .doesNotContain(key);
            first.http().get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.data").isEmpty();

            WorkspaceId workspace = first.bean(ApiKeys.class).authenticate(key).orElseThrow().workspace();
            id = TestAccounts.of(first).connect(workspace, Platform.X, "survivor");
            assertThat(first.bean(AccountReads.class).findAfterWrite(workspace, id)).isPresent();
        }

        try (RunningMooring second = RunningMooring.start(setting)) {
            assertThat(Files.readString(dataDir.resolve("dev-api-key")).trim()).isEqualTo(key);
            second.http().get().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.platformUserId").isEqualTo("survivor");

            AccountConnected stored = (AccountConnected) second.bean(EventStore.class)
                    .readEvents(id.value()).next().getPayload();
            assertThat(second.bean(CredentialsSealer.class).open(id, stored.credentials()).accessToken())
                    .isEqualTo(TestAccounts.CANARY_ACCESS);
        }
        assertThat(Set.of(dataDir.toFile().list())).contains("postgres", "master-key", "dev-api-key");
        assertThat(output.getOut()).as("nor on the restart that reused it").doesNotContain(key);
    }

    @Test
    void aRevokedOrLostDevelopmentKeyIsReplacedInTheSameWorkspace() throws Exception {
        String setting = "mooring.data-dir=" + dataDir;
        Path keyFile = dataDir.resolve("dev-api-key");
        WorkspaceId workspace;
        AccountId id;
        String revoked;
        try (RunningMooring first = RunningMooring.start(setting)) {
            revoked = Files.readString(keyFile).trim();
            workspace = first.bean(ApiKeys.class).authenticate(revoked).orElseThrow().workspace();
            id = TestAccounts.of(first).connect(workspace, Platform.X, "kept");
            assertThat(first.bean(AccountReads.class).findAfterWrite(workspace, id)).isPresent();
            String keyId = first.bean(ApiKeys.class).list(workspace).get(0).id();
            first.http().delete().uri("/v1/api-keys/" + keyId).header(HttpHeaders.AUTHORIZATION, "Bearer " + revoked)
                    .exchange().expectStatus().is2xxSuccessful();
        }

        String minted;
        try (RunningMooring second = RunningMooring.start(setting)) {
            minted = Files.readString(keyFile).trim();
            assertThat(minted).isNotEqualTo(revoked);
            assertThat(second.bean(ApiKeys.class).authenticate(minted).map(ApiKeys.LiveKey::workspace)).contains(workspace);
            assertThat(second.bean(ApiKeys.class).authenticate(minted).orElseThrow().scopes())
                    .as("the development key: every scope but tokens:read").isEqualTo(ApiScope.DEFAULTS)
                    .doesNotContain(ApiScope.TOKENS_READ);
            second.http().get().uri("/v1/accounts/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + minted)
                    .exchange().expectStatus().isOk();
        }

        Files.delete(keyFile);
        try (RunningMooring third = RunningMooring.start(setting)) {
            String again = Files.readString(keyFile).trim();
            assertThat(again).isNotEqualTo(minted);
            assertThat(third.bean(ApiKeys.class).authenticate(again).map(ApiKeys.LiveKey::workspace))
                    .as("no second workspace").contains(workspace);
            assertThat(third.bean(ApiKeys.class).workspacesNamed("Development")).containsExactly(workspace);
        }
    }
}
