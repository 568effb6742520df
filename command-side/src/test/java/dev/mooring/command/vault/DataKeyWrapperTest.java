package dev.mooring.command.vault;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static dev.mooring.command.fixtures.AccountFixture.ACCOUNT;
import static dev.mooring.command.fixtures.AccountFixture.OTHER_ACCOUNT;
import static dev.mooring.command.vault.InMemoryDataKeys.keyBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataKeyWrapperTest {

    private static final MasterKey OLD = new MasterKey("kek-old", keyBytes(1));
    private static final MasterKey NEW = new MasterKey("kek-new", keyBytes(2));

    private final DataKey dataKey = DataKey.generate(new SecureRandom());

    @Test
    void theNewestMasterKeyWrapsAndTheStoredFormIsVersionNonceKeyTag() {
        WrappedDataKey wrapped = wrapper(OLD, NEW).wrap(ACCOUNT, dataKey);

        assertThat(wrapped.masterKeyId()).isEqualTo("kek-new");
        assertThat(wrapped.version()).isEqualTo(DataKey.FIRST_VERSION);
        assertThat(wrapped.sealed()).hasSize(1 + 12 + 32 + 16).startsWith(1);
        assertThat(hex(wrapped.sealed())).doesNotContain(hex(dataKey.bytes()));
        assertThat(wrapper(NEW).unwrap(ACCOUNT, wrapped).bytes()).isEqualTo(dataKey.bytes());
    }

    @Test
    void anOlderConfiguredMasterKeyStillUnwrapsWhatItWrapped() {
        WrappedDataKey wrapped = wrapper(OLD).wrap(ACCOUNT, dataKey);

        assertThat(wrapper(OLD, NEW).unwrap(ACCOUNT, wrapped).bytes()).isEqualTo(dataKey.bytes());
    }

    @Test
    void aKeyRewrappedUnderTheNewestOpensOnceTheOldOneIsGone() {
        WrappedDataKey underOld = wrapper(OLD).wrap(ACCOUNT, dataKey);
        DataKeyWrapper both = wrapper(OLD, NEW);

        WrappedDataKey underNew = both.wrap(ACCOUNT, both.unwrap(ACCOUNT, underOld));

        assertThat(underNew.masterKeyId()).isEqualTo("kek-new");
        assertThat(wrapper(NEW).unwrap(ACCOUNT, underNew).bytes()).isEqualTo(dataKey.bytes());
        assertThatThrownBy(() -> wrapper(NEW).unwrap(ACCOUNT, underOld))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("master key kek-old is not configured");
    }

    @Test
    void anotherMasterKeyUnderTheSameIdFails() {
        WrappedDataKey wrapped = wrapper(OLD).wrap(ACCOUNT, dataKey);

        assertThatThrownBy(() -> wrapper(new MasterKey("kek-old", keyBytes(3))).unwrap(ACCOUNT, wrapped))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining(ACCOUNT.value())
                .hasMessageContaining("authentication failed under master key kek-old");
    }

    @Test
    void aWrappedKeyCopiedToAnotherAccountFails() {
        WrappedDataKey wrapped = wrapper(OLD).wrap(ACCOUNT, dataKey);

        assertThatThrownBy(() -> wrapper(OLD).unwrap(OTHER_ACCOUNT, wrapped))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining(OTHER_ACCOUNT.value());
    }

    @Test
    void aRowRelabelledWithAnotherMasterKeyOrVersionFails() {
        WrappedDataKey wrapped = wrapper(OLD).wrap(ACCOUNT, dataKey);
        MasterKey sameBytesOtherId = new MasterKey("kek-renamed", keyBytes(1));

        assertThatThrownBy(() -> wrapper(sameBytesOtherId).unwrap(ACCOUNT,
                new WrappedDataKey("kek-renamed", wrapped.version(), wrapped.sealed())))
                .isExactlyInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> wrapper(OLD).unwrap(ACCOUNT,
                new WrappedDataKey("kek-old", wrapped.version() + 1, wrapped.sealed())))
                .isExactlyInstanceOf(SecretUnreadable.class);
    }

    @Test
    void aFlippedByteAnywhereInTheWrappedKeyFails() {
        byte[] sealed = wrapper(OLD).wrap(ACCOUNT, dataKey).sealed();

        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            int position = i;
            assertThatThrownBy(() -> wrapper(OLD).unwrap(ACCOUNT, new WrappedDataKey("kek-old", 1, tampered)))
                    .as("byte %d flipped", position)
                    .isExactlyInstanceOf(SecretUnreadable.class);
        }
    }

    @Test
    void noKeyTypeShowsKeyMaterialWhenPrinted() {
        WrappedDataKey wrapped = wrapper(OLD).wrap(ACCOUNT, dataKey);
        String printed = dataKey + " " + OLD + " " + MasterKeys.of(OLD, NEW) + " " + wrapped;

        for (byte[] material : new byte[][] {dataKey.bytes(), keyBytes(1), keyBytes(2), wrapped.sealed()}) {
            assertThat(printed)
                    .doesNotContain(Base64.getEncoder().encodeToString(material))
                    .doesNotContain(HexFormat.of().formatHex(material));
        }
        assertThat(printed).contains("kek-old", "kek-new").doesNotContain("[B@");
    }

    private static DataKeyWrapper wrapper(MasterKey... oldestFirst) {
        return new DataKeyWrapper(MasterKeys.of(oldestFirst), new SecureRandom());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
