package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;

import java.util.Optional;

/** Where the vault gets an account's data key, unwrapped, for one encrypt or decrypt. */
@FunctionalInterface
interface DataKeySource {

    /**
     * The account's data key; empty when it has none (its account was disconnected, or never connected).
     *
     * @throws SecretUnreadable when the stored key cannot be unwrapped
     */
    Optional<DataKey> dataKeyOf(AccountId account);
}
