package dev.mooring.command.vault;

import dev.mooring.kernel.EncryptedSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static dev.mooring.command.fixtures.AccountFixture.ACCOUNT;
import static dev.mooring.command.fixtures.AccountFixture.OTHER_ACCOUNT;
import static dev.mooring.command.vault.InMemoryDataKeys.keyBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class EnvelopeSecretVaultTest {

    private static final String CANARY = "canary-token-9f8e7d";
    private static final MasterKeys MASTER_KEYS = MasterKeys.of(new MasterKey("kek-2026-01", keyBytes(1)));
    private static final int HEADER = 1 + 4; // format version, data key version

    private final InMemoryDataKeys dataKeys = new InMemoryDataKeys(MASTER_KEYS).createFor(ACCOUNT, OTHER_ACCOUNT);
    private final EnvelopeSecretVault vault = new EnvelopeSecretVault(dataKeys, new SecureRandom());

    @ParameterizedTest
    @ValueSource(strings = {CANARY, "", "x", "ünïcødé — 東京 🔑", "a-rather-long-access-token-"
            + "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789"})
    void decryptReturnsWhatWasEncrypted(String plaintext) {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, plaintext);

        assertThat(vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed)).isEqualTo(plaintext);
    }

    @Test
    void aRestartWithTheSameMasterKeysReadsTheCiphertext() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.REFRESH_TOKEN, CANARY);
        EnvelopeSecretVault restarted = restartedWith(new MasterKey("kek-2026-01", keyBytes(1)));

        assertThat(restarted.decrypt(ACCOUNT, SecretField.REFRESH_TOKEN, sealed)).isEqualTo(CANARY);
    }

    @Test
    void eachAccountHasItsOwnDataKey() {
        DataKey mine = dataKeys.dataKeyOf(ACCOUNT).orElseThrow();
        DataKey theirs = dataKeys.dataKeyOf(OTHER_ACCOUNT).orElseThrow();

        assertThat(mine.bytes()).isNotEqualTo(theirs.bytes());
        assertThat(hex(dataKeys.stored(ACCOUNT).sealed())).doesNotContain(hex(mine.bytes()));
    }

    @Test
    void twoEncryptionsOfTheSamePlaintextDiffer() {
        EncryptedSecret first = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        EncryptedSecret second = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(nonceOf(first)).isNotEqualTo(nonceOf(second));
        assertThat(vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, first)).isEqualTo(CANARY);
        assertThat(vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, second)).isEqualTo(CANARY);
    }

    @Test
    void theNonceComesFromTheInjectedRandomAndIsNinetySixBits() {
        byte[] expectedNonce = new byte[12];
        new SeededRandom(42).nextBytes(expectedNonce);
        EnvelopeSecretVault seeded = new EnvelopeSecretVault(dataKeys, new SeededRandom(42));

        EncryptedSecret sealed = seeded.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThat(nonceOf(sealed)).isEqualTo(expectedNonce);
        // header + nonce + ciphertext + 128-bit tag
        assertThat(decode(sealed)).hasSize(HEADER + 12 + CANARY.length() + 16);
    }

    @Test
    void theStoredFormStartsWithItsFormatAndDataKeyVersion() {
        ByteBuffer stored = ByteBuffer.wrap(decode(vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY)));

        assertThat(stored.get()).isEqualTo((byte) 2);
        assertThat(stored.getInt()).isEqualTo(DataKey.FIRST_VERSION);
    }

    @Test
    void theCiphertextDoesNotContainThePlaintext() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        byte[] plainBytes = CANARY.getBytes(StandardCharsets.UTF_8);

        assertThat(sealed.ciphertext()).doesNotContain(CANARY);
        assertThat(sealed.toString()).doesNotContain(CANARY).doesNotContain(sealed.ciphertext());
        // base64 of the plaintext at every alignment, in both alphabets, padded or not
        for (int skip = 0; skip < 3; skip++) {
            byte[] shifted = Arrays.copyOfRange(plainBytes, skip, plainBytes.length);
            String standard = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(shifted);
            String core = standard.substring(0, standard.length() - 2); // drop the alignment-dependent tail
            assertThat(sealed.ciphertext()).doesNotContain(standard).doesNotContain(url).doesNotContain(core);
        }
        assertThat(hex(decode(sealed))).doesNotContain(hex(plainBytes));
    }

    @Test
    void aFlippedByteAnywhereInTheCiphertextFails() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        byte[] bytes = decode(sealed);

        for (int i = 0; i < bytes.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] tampered = bytes.clone();
                tampered[i] ^= (byte) mask;
                int position = i;
                assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, encode(tampered)))
                        .as("byte %d flipped with %02x", position, mask)
                        .isExactlyInstanceOf(SecretUnreadable.class)
                        .message().doesNotContain(CANARY);
            }
        }
    }

    @Test
    void aCiphertextMovedToAnotherAccountFails() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThatThrownBy(() -> vault.decrypt(OTHER_ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining(OTHER_ACCOUNT.value())
                .hasMessageContaining("access_token")
                .hasMessageContaining("authentication failed");
    }

    @Test
    void theAccountIsBoundEvenWhereTwoAccountsShareOneDataKey() {
        DataKey shared = dataKeys.dataKeyOf(ACCOUNT).orElseThrow();
        EnvelopeSecretVault sharing = new EnvelopeSecretVault(account -> Optional.of(shared), new SecureRandom());
        EncryptedSecret sealed = sharing.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThatThrownBy(() -> sharing.decrypt(OTHER_ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("authentication failed");
        assertThat(sharing.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed)).isEqualTo(CANARY);
    }

    @ParameterizedTest
    @EnumSource(SecretField.class)
    void aCiphertextMovedToAnotherFieldFails(SecretField field) {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, field, CANARY);

        for (SecretField other : SecretField.values()) {
            if (other != field) {
                assertThatThrownBy(() -> vault.decrypt(ACCOUNT, other, sealed))
                        .as("%s read as %s", field, other)
                        .isExactlyInstanceOf(SecretUnreadable.class)
                        .hasMessageContaining(other.label());
            }
        }
        assertThat(vault.decrypt(ACCOUNT, field, sealed)).isEqualTo(CANARY);
    }

    @Test
    void anotherMasterKeyUnderTheSameIdFails() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        EnvelopeSecretVault wrongKey = restartedWith(new MasterKey("kek-2026-01", keyBytes(2)));

        assertThatThrownBy(() -> wrongKey.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining(ACCOUNT.value())
                .hasMessageContaining("authentication failed under master key kek-2026-01");
    }

    @Test
    void aDataKeyWrappedByAnUnconfiguredMasterKeyFailsNamingThatKey() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        EnvelopeSecretVault withoutIt = restartedWith(new MasterKey("kek-2027-01", keyBytes(1)));

        assertThatThrownBy(() -> withoutIt.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("master key kek-2026-01 is not configured");
    }

    @Test
    void afterTheDataKeyIsShreddedNothingDecryptsAndNothingEncrypts() {
        List<EncryptedSecret> sealed = List.of(
                vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY),
                vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY + "-second"));

        dataKeys.shred(ACCOUNT);

        for (EncryptedSecret secret : sealed) {
            assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, secret))
                    .isExactlyInstanceOf(SecretUnreadable.class)
                    .hasMessageContaining("no data key");
        }
        assertThatThrownBy(() -> vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ACCOUNT.value())
                .message().doesNotContain(CANARY);
        // the other account is untouched
        assertThat(vault.decrypt(OTHER_ACCOUNT, SecretField.ACCESS_TOKEN,
                vault.encrypt(OTHER_ACCOUNT, SecretField.ACCESS_TOKEN, CANARY))).isEqualTo(CANARY);
    }

    @Test
    void aCiphertextNamingAnotherDataKeyVersionFails() {
        byte[] bytes = decode(vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY));
        ByteBuffer.wrap(bytes).putInt(1, 7);

        assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, encode(bytes)))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("data key version 7");
    }

    @Test
    void theFormerSingleKeyFormatIsRefusedAsUnreadable() {
        byte[] bytes = decode(vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY));
        bytes[0] = 1;

        assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, encode(bytes)))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("unknown format version");
    }

    @Test
    void failureMessagesNeverContainThePlaintext() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.APP_PASSWORD, CANARY);
        byte[] bytes = decode(sealed);
        byte[] tampered = bytes.clone();
        tampered[tampered.length - 1] ^= 1;
        EnvelopeSecretVault wrongKey = restartedWith(new MasterKey("kek-2026-01", keyBytes(2)));
        EnvelopeSecretVault otherKeyId = restartedWith(new MasterKey("kek-other", keyBytes(1)));

        List<Throwable> failures = Arrays.asList( // not List.of: a decrypt that wrongly succeeds gives null
                catchThrowable(() -> vault.decrypt(OTHER_ACCOUNT, SecretField.APP_PASSWORD, sealed)),
                catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed)),
                catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.APP_PASSWORD, encode(tampered))),
                catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.APP_PASSWORD,
                        encode(Arrays.copyOf(bytes, bytes.length - 3)))),
                catchThrowable(() -> wrongKey.decrypt(ACCOUNT, SecretField.APP_PASSWORD, sealed)),
                catchThrowable(() -> otherKeyId.decrypt(ACCOUNT, SecretField.APP_PASSWORD, sealed)));

        assertThat(failures).hasSize(6).allSatisfy(failure -> {
            assertThat(failure).isExactlyInstanceOf(SecretUnreadable.class);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(CANARY).doesNotContain(sealed.ciphertext());
                assertThat(t.toString()).doesNotContain(CANARY);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "AQ", "AAAA", "!!!!", "not base64 at all", "a+b/c+d/", "AQL=====",
            "%00%01", "=", "AgAAAAE", "AQJrMQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AgAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void garbageFailsAsUnreadable(String garbage) {
        assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, new EncryptedSecret(garbage)))
                .isExactlyInstanceOf(SecretUnreadable.class);
    }

    @Test
    void everyTruncationFailsAsUnreadable() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        String text = sealed.ciphertext();
        byte[] bytes = decode(sealed);

        for (int length = 0; length < text.length(); length++) {
            String truncated = text.substring(0, length);
            assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, new EncryptedSecret(truncated)))
                    .as("text truncated to %d", length)
                    .isExactlyInstanceOf(SecretUnreadable.class);
        }
        for (int length = 0; length < bytes.length; length++) {
            EncryptedSecret truncated = encode(Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, truncated))
                    .as("bytes truncated to %d", length)
                    .isExactlyInstanceOf(SecretUnreadable.class);
        }
    }

    @Test
    void randomBytesFailAsUnreadableNeverAnotherException() {
        Random random = new Random(7);
        List<Throwable> unexpected = new ArrayList<>();
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (round % 2 == 0 && bytes.length >= HEADER) {
                // a plausible header, so the fuzz also reaches the cipher itself
                ByteBuffer.wrap(bytes).put((byte) 2).putInt(DataKey.FIRST_VERSION);
            }
            Throwable thrown = catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, encode(bytes)));
            if (!(thrown instanceof SecretUnreadable)) {
                unexpected.add(thrown);
            }
        }
        assertThat(unexpected).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A vault over the same stored data keys in a process configured with only this master key. */
    private EnvelopeSecretVault restartedWith(MasterKey masterKey) {
        return new EnvelopeSecretVault(dataKeys.withMasterKeys(MasterKeys.of(masterKey)), new SecureRandom());
    }

    private static byte[] decode(EncryptedSecret secret) {
        return Base64.getUrlDecoder().decode(secret.ciphertext());
    }

    private static EncryptedSecret encode(byte[] bytes) {
        return new EncryptedSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static byte[] nonceOf(EncryptedSecret secret) {
        return Arrays.copyOfRange(decode(secret), HEADER, HEADER + 12);
    }

    /** A SecureRandom that is not random at all, so a test can predict the nonce. */
    private static final class SeededRandom extends SecureRandom {
        private final Random delegate;

        SeededRandom(long seed) {
            this.delegate = new Random(seed);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            delegate.nextBytes(bytes);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
