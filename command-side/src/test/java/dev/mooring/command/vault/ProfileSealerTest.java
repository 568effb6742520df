package dev.mooring.command.vault;

import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.account.AccountProfile;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static dev.mooring.command.fixtures.AccountFixture.ACCOUNT;
import static dev.mooring.command.fixtures.AccountFixture.OTHER_ACCOUNT;
import static dev.mooring.command.vault.InMemoryDataKeys.keyBytes;
import static org.assertj.core.api.Assertions.assertThat;

class ProfileSealerTest {

    private static final AccountProfile ADA = new AccountProfile("Ada Lovelace", "ada", "https://cdn.example/ada.png");

    private final InMemoryDataKeys dataKeys = new InMemoryDataKeys(MasterKeys.of(new MasterKey("kek", keyBytes(1))))
            .createFor(ACCOUNT, OTHER_ACCOUNT);
    private final ProfileSealer profiles = new ProfileSealer(new EnvelopeSecretVault(dataKeys, new SecureRandom()), dataKeys);

    @Test
    void aSealedProfileOpensUnderItsAccountOnly() {
        EncryptedSecret sealed = profiles.seal(ACCOUNT, ADA);

        assertThat(sealed.ciphertext()).doesNotContain("Ada").doesNotContain("ada.png");
        assertThat(profiles.open(ACCOUNT, sealed)).contains(ADA);
        // under another account's key it does not open: the read model shows the account without it
        assertThat(profiles.open(OTHER_ACCOUNT, sealed)).isEmpty();
    }

    @Test
    void deletingTheAccountShredsThePerson() {
        EncryptedSecret sealed = profiles.seal(ACCOUNT, ADA);

        dataKeys.shred(ACCOUNT);

        assertThat(profiles.open(ACCOUNT, sealed)).isEmpty();
    }

    @Test
    void noProfileStaysNoProfile() {
        assertThat(profiles.seal(ACCOUNT, null)).isNull();
        assertThat(profiles.open(ACCOUNT, null)).isEmpty();
    }
}
