package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;

/**
 * Lets the API tests see an account's data key, which production code never hands out, so they can
 * prove the key itself never leaks. Lives in the vault's package for its package-private accessor.
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    public static byte[] dataKeyOf(DataKeys dataKeys, AccountId account) {
        return dataKeys.dataKeyOf(account).orElseThrow().bytes();
    }
}
