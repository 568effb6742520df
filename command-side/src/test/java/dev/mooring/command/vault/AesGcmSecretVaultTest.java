package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class AesGcmSecretVaultTest {

    private static final AccountId ACCOUNT = new AccountId("acc_01JTEST0000000000000000001");
    private static final AccountId OTHER_ACCOUNT = new AccountId("acc_01JTEST0000000000000000002");
    private static final String CANARY = "canary-token-9f8e7d";
    private static final String KEY_ID = "kek-2026-01";

    private final MasterKey masterKey = new MasterKey(KEY_ID, keyBytes(1));
    private final AesGcmSecretVault vault = new AesGcmSecretVault(masterKey, new SecureRandom());

    @ParameterizedTest
    @ValueSource(strings = {CANARY, "", "x", "ünïcødé — 東京 🔑", "a-rather-long-access-token-"
            + "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789"})
    void decryptReturnsWhatWasEncrypted(String plaintext) {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, plaintext);

        assertThat(vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed)).isEqualTo(plaintext);
    }

    @Test
    void aSecondVaultWithTheSameMasterKeyReadsTheCiphertext() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.REFRESH_TOKEN, CANARY);
        AesGcmSecretVault restarted = new AesGcmSecretVault(new MasterKey(KEY_ID, keyBytes(1)), new SecureRandom());

        assertThat(restarted.decrypt(ACCOUNT, SecretField.REFRESH_TOKEN, sealed)).isEqualTo(CANARY);
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
        AesGcmSecretVault seeded = new AesGcmSecretVault(masterKey, new SeededRandom(42));

        EncryptedSecret sealed = seeded.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThat(nonceOf(sealed)).isEqualTo(expectedNonce);
        // version + key id length + key id + nonce + ciphertext + 128-bit tag
        assertThat(decode(sealed)).hasSize(2 + KEY_ID.length() + 12 + CANARY.length() + 16);
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
        assertThat(indexOf(decode(sealed), plainBytes)).isEqualTo(-1);
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
    void aCiphertextDecryptedAsAnotherAccountFails() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThatThrownBy(() -> vault.decrypt(OTHER_ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining(OTHER_ACCOUNT.value())
                .hasMessageContaining("access_token");
    }

    @ParameterizedTest
    @EnumSource(SecretField.class)
    void aCiphertextDecryptedAsAnotherFieldFails(SecretField field) {
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
    void aDifferentMasterKeyWithTheSameIdFails() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);
        AesGcmSecretVault otherKey = new AesGcmSecretVault(new MasterKey(KEY_ID, keyBytes(2)), new SecureRandom());

        assertThatThrownBy(() -> otherKey.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("authentication failed");
    }

    @Test
    void aCiphertextNamingAnUnknownKeyIdFailsNamingThatKeyId() {
        AesGcmSecretVault old = new AesGcmSecretVault(new MasterKey("kek-2025-07", keyBytes(1)), new SecureRandom());
        EncryptedSecret sealed = old.encrypt(ACCOUNT, SecretField.ACCESS_TOKEN, CANARY);

        assertThatThrownBy(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed))
                .isExactlyInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("kek-2025-07");
    }

    @Test
    void failureMessagesNeverContainThePlaintext() {
        EncryptedSecret sealed = vault.encrypt(ACCOUNT, SecretField.APP_PASSWORD, CANARY);
        byte[] bytes = decode(sealed);
        byte[] tampered = bytes.clone();
        tampered[tampered.length - 1] ^= 1;
        AesGcmSecretVault otherKey = new AesGcmSecretVault(new MasterKey(KEY_ID, keyBytes(2)), new SecureRandom());
        AesGcmSecretVault otherKeyId = new AesGcmSecretVault(new MasterKey("kek-other", keyBytes(1)), new SecureRandom());

        List<Throwable> failures = Arrays.asList( // not List.of: a decrypt that wrongly succeeds gives null
                catchThrowable(() -> vault.decrypt(OTHER_ACCOUNT, SecretField.APP_PASSWORD, sealed)),
                catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, sealed)),
                catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.APP_PASSWORD, encode(tampered))),
                catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.APP_PASSWORD,
                        encode(Arrays.copyOf(bytes, bytes.length - 3)))),
                catchThrowable(() -> otherKey.decrypt(ACCOUNT, SecretField.APP_PASSWORD, sealed)),
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
            "%00%01", "=", "AQJrMQ", "AgJrMQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
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
        byte[] keyId = KEY_ID.getBytes(StandardCharsets.US_ASCII);
        List<Throwable> unexpected = new ArrayList<>();
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (round % 2 == 0 && bytes.length >= 2 + keyId.length) {
                // a plausible header, so the fuzz also reaches the cipher itself
                bytes[0] = 1;
                bytes[1] = (byte) keyId.length;
                System.arraycopy(keyId, 0, bytes, 2, keyId.length);
            }
            Throwable thrown = catchThrowable(() -> vault.decrypt(ACCOUNT, SecretField.ACCESS_TOKEN, encode(bytes)));
            if (!(thrown instanceof SecretUnreadable)) {
                unexpected.add(thrown);
            }
        }
        assertThat(unexpected).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static byte[] keyBytes(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    private static byte[] decode(EncryptedSecret secret) {
        return Base64.getUrlDecoder().decode(secret.ciphertext());
    }

    private static EncryptedSecret encode(byte[] bytes) {
        return new EncryptedSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static byte[] nonceOf(EncryptedSecret secret) {
        byte[] bytes = decode(secret);
        int start = 2 + (bytes[1] & 0xff);
        return Arrays.copyOfRange(bytes, start, start + 12);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
}
