package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The {@code data_keys} table without PostgreSQL: keys rest wrapped and are unwrapped on every use, as
 * {@link DataKeys} does, so tests and the benchmark go through the same cryptography.
 */
final class InMemoryDataKeys implements DataKeySource {

    private final Map<AccountId, WrappedDataKey> table;
    private final DataKeyWrapper wrapper;
    private final SecureRandom random;

    private InMemoryDataKeys(Map<AccountId, WrappedDataKey> table, DataKeyWrapper wrapper, SecureRandom random) {
        this.table = table;
        this.wrapper = wrapper;
        this.random = random;
    }

    InMemoryDataKeys(MasterKeys masterKeys) {
        this(new HashMap<>(), new DataKeyWrapper(masterKeys, new SecureRandom()), new SecureRandom());
    }

    /** The same stored keys read by a process configured with other master keys. */
    InMemoryDataKeys withMasterKeys(MasterKeys masterKeys) {
        return new InMemoryDataKeys(table, new DataKeyWrapper(masterKeys, random), random);
    }

    InMemoryDataKeys createFor(AccountId... accounts) {
        for (AccountId account : accounts) {
            table.putIfAbsent(account, wrapper.wrap(account, DataKey.generate(random)));
        }
        return this;
    }

    void shred(AccountId account) {
        table.remove(account);
    }

    WrappedDataKey stored(AccountId account) {
        return table.get(account);
    }

    void store(AccountId account, WrappedDataKey wrapped) {
        table.put(account, wrapped);
    }

    @Override
    public Optional<DataKey> dataKeyOf(AccountId account) {
        return Optional.ofNullable(table.get(account)).map(wrapped -> wrapper.unwrap(account, wrapped));
    }

    /** A reproducible 256-bit key, so a test can build the same master key twice or a different one. */
    static byte[] keyBytes(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }
}
