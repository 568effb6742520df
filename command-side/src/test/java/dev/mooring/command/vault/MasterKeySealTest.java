package dev.mooring.command.vault;

import dev.mooring.kernel.EncryptedSecret;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static dev.mooring.command.vault.InMemoryDataKeys.keyBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeySealTest {

    private static final String PURPOSE = "webhook signing secret";
    private static final String CANARY = "whsec_Y2FuYXJ5LXNpZ25pbmcta2V5LTk4NzY1NDMy";
    private static final MasterKey OLD = new MasterKey("kek-old", keyBytes(1));
    private static final MasterKey NEW = new MasterKey("kek-new", keyBytes(2));

    private final MasterKeySeal seal = new MasterKeySeal(MasterKeys.of(OLD), new SecureRandom());

    @Test
    void opensWhatItSealedAndNothingOfItShowsInTheSealedForm() {
        EncryptedSecret sealed = seal.seal(PURPOSE, "ep_1", CANARY);

        assertThat(seal.open(PURPOSE, "ep_1", sealed)).isEqualTo(CANARY);
        assertThat(sealed.ciphertext()).doesNotContain(CANARY).doesNotContain(CANARY.substring(6));
        assertThat(seal.seal(PURPOSE, "ep_1", CANARY)).isNotEqualTo(sealed); // a fresh nonce each time
    }

    @Test
    void aSealedValueMovedToAnotherOwnerOrPurposeDoesNotOpen() {
        EncryptedSecret sealed = seal.seal(PURPOSE, "ep_1", CANARY);

        assertThatThrownBy(() -> seal.open(PURPOSE, "ep_2", sealed))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("ep_2").message().doesNotContain(CANARY);
        assertThatThrownBy(() -> seal.open("another purpose", "ep_1", sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void aTamperedOrForeignValueDoesNotOpen() {
        byte[] bytes = Base64.getUrlDecoder().decode(seal.seal(PURPOSE, "ep_1", CANARY).ciphertext());
        bytes[bytes.length - 1] ^= 1;
        EncryptedSecret tampered = new EncryptedSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));

        assertThatThrownBy(() -> seal.open(PURPOSE, "ep_1", tampered)).hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> seal.open(PURPOSE, "ep_1", new EncryptedSecret(CANARY)))
                .hasMessageContaining("not a sealed value").message().doesNotContain(CANARY);
    }

    @Test
    void afterARotationOldValuesStillOpenAndAskToBeSealedAgain() {
        EncryptedSecret underOld = seal.seal(PURPOSE, "ep_1", CANARY);
        MasterKeySeal rotated = new MasterKeySeal(MasterKeys.of(OLD, NEW), new SecureRandom());

        assertThat(seal.isUnderNewestKey(underOld)).isTrue();
        assertThat(rotated.isUnderNewestKey(underOld)).isFalse();
        assertThat(rotated.open(PURPOSE, "ep_1", underOld)).isEqualTo(CANARY);
        EncryptedSecret underNew = rotated.seal(PURPOSE, "ep_1", CANARY);
        assertThat(rotated.isUnderNewestKey(underNew)).isTrue();
        assertThat(rotated.isUnderNewestKey(new EncryptedSecret(CANARY))).isFalse();

        MasterKeySeal oldKeyRemoved = new MasterKeySeal(MasterKeys.of(NEW), new SecureRandom());
        assertThat(oldKeyRemoved.open(PURPOSE, "ep_1", underNew)).isEqualTo(CANARY);
        assertThatThrownBy(() -> oldKeyRemoved.open(PURPOSE, "ep_1", underOld)).hasMessageContaining("not configured");
    }
}
