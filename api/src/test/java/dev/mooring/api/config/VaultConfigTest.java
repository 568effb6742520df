package dev.mooring.api.config;

import dev.mooring.command.vault.MasterKey;
import dev.mooring.command.vault.MasterKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** How the master key settings turn into master keys, and how they fail without quoting a key. */
class VaultConfigTest {

    private static final String KEY_1 = key(1);
    private static final String KEY_2 = key(2);

    @TempDir
    Path dataDir;

    @Test
    void severalKeysAreReadOldestFirstAndTheLastIsTheNewest() {
        MasterKeys keys = configured(null, null, " kek-a:" + KEY_1 + " , kek-b:" + KEY_2 + " ", true);

        assertThat(keys.ids()).containsExactly("kek-a", "kek-b");
        assertThat(keys.newest()).isEqualTo(new MasterKey("kek-b", Base64.getDecoder().decode(KEY_2)));
    }

    @Test
    void aSingleKeyGoesByItsConfiguredId() {
        MasterKeys keys = configured(KEY_1, "master-1", null, false);

        assertThat(keys.ids()).containsExactly("master-1");
        assertThat(keys.newest()).isEqualTo(new MasterKey("master-1", Base64.getDecoder().decode(KEY_1)));
    }

    @Test
    void bothSettingsAtOnceAreRefused() {
        assertThatThrownBy(() -> configured(KEY_1, "master-1", "kek-b:" + KEY_2, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MOORING_MASTER_KEYS")
                .hasMessageContaining("MOORING_MASTER_KEY ")
                .message().doesNotContain(KEY_1).doesNotContain(KEY_2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kek-a", "kek-a:", "kek-a:not-base64!", "kek-a:AAAA", "bad id:KEY", ":KEY", "kek-a:KEY,kek-a:KEY2",
            "kek-a:KEY,", "KEY:kek-a"})
    void aMalformedKeyListFailsWithoutQuotingAKey(String setting) {
        Throwable failure = catchThrowable(() -> configured(null, null,
                setting.replace("KEY2", KEY_2).replace("KEY", KEY_1), true));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("MOORING_MASTER_KEYS");
        assertThat(failure.getMessage()).doesNotContain(KEY_1).doesNotContain(KEY_2);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefused() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> configured(short16, "master-1", null, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes")
                .message().doesNotContain(short16);
    }

    @Test
    void withoutAKeyTheEmbeddedDefaultGeneratesOneOnceOwnerOnly() throws Exception {
        MasterKeys first = configured(null, "master-1", null, true);
        MasterKeys second = configured(null, "master-1", null, true);

        Path file = dataDir.resolve("master-key");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(first.ids()).containsExactly("generated");
        assertThat(second.newest()).isEqualTo(first.newest());
    }

    @Test
    void withoutAKeyAConfiguredDatabaseStopsStartup() {
        assertThatThrownBy(() -> configured(null, "master-1", " ", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MOORING_MASTER_KEY is not set");
        assertThat(dataDir.resolve("master-key")).doesNotExist();
    }

    private MasterKeys configured(String masterKey, String masterKeyId, String masterKeys, boolean embedded) {
        MooringProperties properties = new MooringProperties(8080, dataDir, null,
                new MooringProperties.Database(embedded ? null : "jdbc:postgresql://db/mooring", null, null, 16, Duration.ofSeconds(30)),
                null, null, masterKey, masterKeyId, masterKeys);
        return VaultConfig.configuredKeys(properties, new SecureRandom());
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
