package dev.mooring.command.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.ProfileSeal;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Seals an account's profile (display name, handle, avatar) under the account's data key, as one
 * JSON ciphertext bound to the account and {@link SecretField#PROFILE}: deleting the account destroys
 * the key, and with it the person in every stored {@code AccountConnected}.
 */
@Component
public class ProfileSealer implements ProfileSeal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretVault vault;
    private final DataKeySource dataKeys;

    ProfileSealer(SecretVault vault, DataKeySource dataKeys) {
        this.vault = vault;
        this.dataKeys = dataKeys;
    }

    /** Null for no profile, so an event without one says so. */
    public EncryptedSecret seal(AccountId account, AccountProfile profile) {
        if (profile == null) {
            return null;
        }
        try {
            return vault.encrypt(account, SecretField.PROFILE, JSON.writeValueAsString(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the profile of " + account, e);
        }
    }

    /** @throws SecretUnreadable when the key lives but the ciphertext does not open under it */
    @Override
    public Optional<AccountProfile> open(AccountId account, EncryptedSecret sealedProfile) {
        if (sealedProfile == null || dataKeys.dataKeyOf(account).isEmpty()) {
            return Optional.empty();
        }
        String json = vault.decrypt(account, SecretField.PROFILE, sealedProfile);
        try {
            return Optional.of(JSON.readValue(json, AccountProfile.class));
        } catch (JsonProcessingException e) {
            // never quote the JSON: it is the personal data this class exists to protect
            throw new SecretUnreadable("the profile of " + account + " opened but is not a profile");
        }
    }
}
