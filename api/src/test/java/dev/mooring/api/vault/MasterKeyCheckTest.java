package dev.mooring.api.vault;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.support.DataDirDatabase;
import dev.mooring.api.support.DatabaseRows;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.api.support.StoredSecrets;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.vault.MasterKeyMismatch;
import dev.mooring.command.vault.SecretVault;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A master key given under its id but with other bytes (a mistyped or mixed-up secret) is refused at
 * start, naming the id, before anything is written: otherwise every refresh would fail and the
 * accounts would die at expiry for a key the operator got wrong.
 */
class MasterKeyCheckTest {

    private static final String KEY_A = key(1);
    private static final String KEY_B = key(2);

    @TempDir
    Path dataDir;

    @Test
    void anotherKeyUnderTheSameIdIsRefusedNamingItAndNothingIsWritten() {
        AccountId account;
        try (RunningMooring mooring = start(KEY_A)) {
            account = connect(mooring);
            List<Map<String, Object>> checks = DatabaseRows.of(mooring.bean(Jdbi.class), "master_key_checks");
            assertThat(checks).singleElement().satisfies(row -> {
                assertThat(row.get("key_id")).isEqualTo("master-1");
                assertThat((String) row.get("check_value")).doesNotContain(hex(KEY_A));
            });
        }
        Map<String, List<Map<String, Object>>> before = everyRow();

        Throwable refused = deepestCause(catchThrowable(() -> start(KEY_B).close()));

        assertThat(refused).isInstanceOf(MasterKeyMismatch.class)
                .hasMessageContaining("master-1")
                .hasMessageContaining("check value");
        assertThat(refused.getMessage()).doesNotContain("\n").doesNotContain(KEY_A).doesNotContain(KEY_B)
                .doesNotContain(hex(KEY_A)).doesNotContain(hex(KEY_B));
        assertThat(everyRow()).as("the refused start wrote nothing").isEqualTo(before);

        try (RunningMooring mooring = start(KEY_A)) {
            assertDecrypts(mooring, account);
        }
    }

    @Test
    void aKeyWithoutCheckValueIsCheckedAgainstADataKeyItWrapped() {
        AccountId account;
        try (RunningMooring mooring = start(KEY_A)) {
            account = connect(mooring);
        }
        Map<String, List<Map<String, Object>>> before;
        try (DataDirDatabase database = DataDirDatabase.open(dataDir)) {
            // as a data directory from before check values existed
            database.jdbi().useHandle(handle -> handle.execute("delete from master_key_checks"));
            before = database.everyRow();
        }

        assertThat(deepestCause(catchThrowable(() -> start(KEY_B).close())))
                .isInstanceOf(MasterKeyMismatch.class)
                .hasMessageContaining("master-1")
                .hasMessageContaining("data key");
        assertThat(everyRow()).isEqualTo(before);

        try (RunningMooring mooring = start(KEY_A)) {
            assertDecrypts(mooring, account);
            assertThat(DatabaseRows.of(mooring.bean(Jdbi.class), "master_key_checks"))
                    .as("recorded on the first start that could check it").hasSize(1);
        }
    }

    @Test
    void aNewKeyIdBesideTheOldOneIsRecordedOnFirstUse() {
        try (RunningMooring mooring = start(KEY_A)) {
            connect(mooring);
        }
        try (RunningMooring mooring = RunningMooring.start("mooring.data-dir=" + dataDir,
                "mooring.master-keys=master-1:" + KEY_A + ",master-2:" + KEY_B)) {
            assertThat(DatabaseRows.of(mooring.bean(Jdbi.class), "select key_id from master_key_checks order by key_id", Map.of()))
                    .extracting(row -> row.get("key_id")).containsExactly("master-1", "master-2");
        }
        // master-2 is now known by its bytes too: KEY_A under that id is refused
        assertThat(deepestCause(catchThrowable(() -> RunningMooring.start("mooring.data-dir=" + dataDir,
                "mooring.master-keys=master-1:" + KEY_A + ",master-2:" + KEY_A).close())))
                .isInstanceOf(MasterKeyMismatch.class)
                .hasMessageContaining("Master key master-2 does not match");
    }

    private RunningMooring start(String masterKey) {
        return RunningMooring.start("mooring.data-dir=" + dataDir, "mooring.master-key=" + masterKey,
                "mooring.master-key-id=master-1");
    }

    private Map<String, List<Map<String, Object>>> everyRow() {
        try (DataDirDatabase database = DataDirDatabase.open(dataDir)) {
            return database.everyRow();
        }
    }

    private static AccountId connect(RunningMooring mooring) {
        return TestAccounts.of(mooring).connect(mooring.bean(ApiKeys.class).createWorkspace("checked"), Platform.X, "checked-user");
    }

    private static void assertDecrypts(RunningMooring mooring, AccountId account) {
        SecretVault vault = mooring.bean(SecretVault.class);
        assertThat(StoredSecrets.of(mooring.bean(Jdbi.class), account)).isNotEmpty().allSatisfy(stored ->
                assertThat(vault.decrypt(account, stored.field(), stored.secret())).isIn(TestAccounts.CANARIES));
    }

    private static Throwable deepestCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String hex(String base64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
