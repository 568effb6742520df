package dev.mooring.api.vault;

import dev.mooring.api.MooringApplication;
import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.StoredSecrets;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.vault.DataKeys;
import dev.mooring.command.vault.MasterKeyRotation;
import dev.mooring.command.vault.SecretVault;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.DisconnectAccount;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A master key is retired by adding its successor, rotating once, and removing it; no event changes. */
class MasterKeyRotationTest {

    private static final String OLD = "kek-old:" + key(1);
    private static final String NEW = "kek-new:" + key(2);

    @TempDir
    Path dataDir;

    @Test
    void afterRotationTheOldMasterKeyCanBeRemovedAndEveryLiveAccountStillDecrypts() {
        AccountId x;
        AccountId sky;
        AccountId later;
        WorkspaceId workspace;
        try (RunningMooring mooring = start(OLD)) {
            workspace = mooring.bean(ApiKeys.class).createWorkspace("rotation");
            x = TestAccounts.of(mooring).connect(workspace, Platform.X, "x-user");
            sky = TestAccounts.of(mooring).connect(workspace, Platform.BLUESKY, "sky.user");
            AccountId gone = TestAccounts.of(mooring).connect(workspace, Platform.THREADS, "gone");
            mooring.bean(CommandGateway.class).sendAndWait(new DisconnectAccount(gone, workspace, null));
            assertThat(masterKeyIds(mooring)).containsExactly("kek-old", "kek-old");
        }

        List<Map<String, Object>> events;
        try (RunningMooring mooring = start(OLD, NEW)) {
            // the old key still unwraps what it wrapped; the newest wraps what is new
            assertAllSecretsDecrypt(mooring, x, sky);
            later = TestAccounts.of(mooring).connect(workspace, Platform.THREADS, "later");
            assertThat(masterKeyIds(mooring)).containsExactlyInAnyOrder("kek-old", "kek-old", "kek-new");
            assertThat(mooring.bean(DataKeys.class).masterKeysInUse()).as("each once; the shredded key wraps nothing")
                    .containsExactly("kek-new", "kek-old");
            events = DatabaseRows.of(mooring.bean(Jdbi.class), "select * from domain_event_entry order by global_index", Map.of());
        }

        MasterKeyRotation.Outcome outcome = rotate(OLD, NEW);

        assertThat(outcome.rewrapped()).isEqualTo(2);
        assertThat(outcome.newest()).isEqualTo("kek-new");
        assertThat(outcome.removable()).containsExactly("kek-old");
        assertThat(outcome.stillInUse()).isEmpty();
        assertThat(rotate(OLD, NEW).rewrapped()).as("a second run finds nothing to do").isZero();

        try (RunningMooring mooring = start(NEW)) {
            Jdbi jdbi = mooring.bean(Jdbi.class);
            List<Map<String, Object>> after = DatabaseRows.of(jdbi, "select * from domain_event_entry order by global_index", Map.of());
            assertThat(after.subList(0, events.size())).as("rotation touches no event").isEqualTo(events);
            assertThat(masterKeyIds(mooring)).containsOnly("kek-new").hasSize(3);
            assertAllSecretsDecrypt(mooring, x, sky, later);
            // and the accounts keep working: a reconnect seals under the same data key
            assertThat(TestAccounts.of(mooring).connect(workspace, Platform.X, "x-user")).isEqualTo(x);
            assertAllSecretsDecrypt(mooring, x);
        }
    }

    @Test
    void startupRefusesWhenADataKeysMasterKeyIsNotConfiguredAndSaysWhichOne() {
        try (RunningMooring mooring = start(OLD)) {
            TestAccounts.of(mooring).connect(mooring.bean(ApiKeys.class).createWorkspace("forgetful"), Platform.X, "forgotten");
        }

        assertThat(deepestCause(catchThrowable(() -> start(NEW).close())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kek-old (1 data keys)")
                .hasMessageContaining("not configured")
                .hasMessageContaining("--rotate-master-key")
                .message().doesNotContain(key(1)).doesNotContain(key(2));
    }

    private RunningMooring start(String... masterKeys) {
        return RunningMooring.start("mooring.data-dir=" + dataDir, "mooring.master-keys=" + String.join(",", masterKeys));
    }

    /** As an operator would run it: the jar's main with the flag and the same settings as the service. */
    private MasterKeyRotation.Outcome rotate(String... masterKeys) {
        return MooringApplication.rotateMasterKey(MooringApplication.ROTATE_MASTER_KEY,
                "--mooring.data-dir=" + dataDir, "--mooring.master-keys=" + String.join(",", masterKeys));
    }

    private static List<Object> masterKeyIds(RunningMooring mooring) {
        return DatabaseRows.of(mooring.bean(Jdbi.class), "select master_key_id from data_keys where wrapped_key is not null", Map.of())
                .stream().map(row -> row.get("master_key_id")).toList();
    }

    private static void assertAllSecretsDecrypt(RunningMooring mooring, AccountId... ids) {
        SecretVault vault = mooring.bean(SecretVault.class);
        for (AccountId id : ids) {
            assertThat(StoredSecrets.of(mooring.bean(Jdbi.class), id)).isNotEmpty().allSatisfy(stored ->
                    assertThat(vault.decrypt(id, stored.field(), stored.secret())).isIn(TestAccounts.CANARIES));
        }
    }

    private static Throwable deepestCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
