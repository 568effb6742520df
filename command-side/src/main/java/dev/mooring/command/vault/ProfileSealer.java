package dev.mooring.command.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.account.AccountProfile;
import dev.mooring.kernel.account.ProfileSeal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Seals an account's profile (display name, handle, avatar) under the account's data key, as one
 * JSON ciphertext bound to the account and {@link SecretField#PROFILE}: deleting the account destroys
 * the key, and with it the person in every stored {@code AccountConnected}.
 */
@Component
public class ProfileSealer implements ProfileSeal {

    private static final Logger log = LoggerFactory.getLogger(ProfileSealer.class);

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

    /**
     * Empty also when the key lives but the profile does not open under it (a master key with other
     * bytes under its id, an altered row): the read model then shows the account without its profile
     * rather than losing the account, or stopping every workspace's projection on one event. The
     * refresher reports the same fault to the operator when it next needs that key.
     */
    @Override
    public Optional<AccountProfile> open(AccountId account, EncryptedSecret sealedProfile) {
        try {
            if (sealedProfile == null || dataKeys.dataKeyOf(account).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(vault.decrypt(account, SecretField.PROFILE, sealedProfile), AccountProfile.class));
        } catch (SecretUnreadable | JsonProcessingException unreadable) {
            // never quote what did open: it is the personal data this class exists to protect
            log.warn("the profile of {} cannot be opened; shown without it: {}", account.value(),
                    unreadable instanceof SecretUnreadable ? unreadable.getMessage() : "it is not a profile");
            return Optional.empty();
        }
    }
}
