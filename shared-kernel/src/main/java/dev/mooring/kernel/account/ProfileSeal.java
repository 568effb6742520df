package dev.mooring.kernel.account;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;

import java.util.Optional;

/**
 * Opens the profile an {@link AccountConnected} carries sealed under its account's data key. The
 * command side's vault implements it; the read model uses it to show the profile of a live account.
 */
public interface ProfileSeal {

    /** The profile; empty when the account's data key was destroyed (the account was deleted). */
    Optional<AccountProfile> open(AccountId account, EncryptedSecret sealedProfile);
}
