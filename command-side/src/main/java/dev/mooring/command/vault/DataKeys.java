package dev.mooring.command.vault;

import dev.mooring.command.account.AccountIdentities;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.account.AccountDisconnected;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code data_keys} table: one data key per account, created at connect and stored only wrapped by
 * a master key. Disconnect destroys it (crypto-shredding): the disconnect handler runs in the
 * subscribing account-state group, inside the transaction that appends {@link AccountDisconnected},
 * so the key dies exactly when the account does, and a tombstone keeps it from ever being created
 * again.
 *
 * <p>Keys are read from the table on every use and never cached: a shred on any instance is then in
 * force on all of them at once, with no eviction to coordinate. Unwrapping costs microseconds (see
 * docs/performance.md); the row read is the price.
 */
@Component
@ProcessingGroup(AccountIdentities.PROCESSING_GROUP)
public class DataKeys implements DataKeySource {

    private static final int REWRAP_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(DataKeys.class);

    private final Jdbi jdbi;
    private final DataKeyWrapper wrapper;
    private final SecureRandom random;

    DataKeys(Jdbi jdbi, DataKeyWrapper wrapper, SecureRandom random) {
        this.jdbi = jdbi;
        this.wrapper = wrapper;
        this.random = random;
    }

    /**
     * Gives the account its data key unless it has one. Called in the connect transaction, so a failed
     * connect leaves no key behind; two connects of one account keep the first key.
     *
     * @throws IllegalStateException when the account was disconnected: its key is gone for good
     */
    public void createFor(AccountId account) {
        WrappedDataKey wrapped = wrapper.wrap(account, DataKey.generate(random));
        jdbi.useHandle(handle -> {
            int created = handle.createUpdate("""
                            insert into data_keys (account_id, key_version, master_key_id, wrapped_key)
                            values (:account, :version, :masterKey, :wrapped)
                            on conflict (account_id) do nothing""")
                    .bind("account", account.value())
                    .bind("version", wrapped.version())
                    .bind("masterKey", wrapped.masterKeyId())
                    .bind("wrapped", wrapped.sealed())
                    .execute();
            if (created == 1) {
                log.debug("created the data key of {} under master key {}", account, wrapped.masterKeyId());
            } else if (shredded(handle, account)) {
                throw new IllegalStateException("account " + account + " was disconnected; its data key is destroyed for good");
            }
        });
    }

    @Override
    public Optional<DataKey> dataKeyOf(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                                select master_key_id, key_version, wrapped_key from data_keys
                                where account_id = :account and wrapped_key is not null""")
                        .bind("account", account.value())
                        .map((row, context) -> new WrappedDataKey(row.getString("master_key_id"),
                                row.getInt("key_version"), row.getBytes("wrapped_key")))
                        .findOne())
                .map(wrapped -> wrapper.unwrap(account, wrapped));
    }

    @EventHandler
    void on(AccountDisconnected event) {
        shred(event.accountId());
    }

    /** Destroys the account's data key, leaving only the fact and time of its destruction. */
    void shred(AccountId account) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into data_keys (account_id, shredded_at) values (:account, now())
                        on conflict (account_id) do update
                        set key_version = null, master_key_id = null, wrapped_key = null,
                            shredded_at = coalesce(data_keys.shredded_at, excluded.shredded_at)""")
                .bind("account", account.value())
                .execute());
        log.debug("destroyed the data key of {}", account);
    }

    /**
     * Re-wraps every live data key not yet under the newest master key; no event and no ciphertext
     * changes. Each row is swapped only if it still holds what was read, so a concurrent disconnect is
     * never undone, and an interrupted run can simply be repeated.
     *
     * @return how many data keys it re-wrapped
     */
    public int rewrapUnderNewestMasterKey() {
        String newest = wrapper.newestMasterKeyId();
        int rewrapped = 0;
        String after = "";
        List<StoredKey> batch;
        do {
            String from = after;
            batch = jdbi.withHandle(handle -> handle.createQuery("""
                            select account_id, master_key_id, key_version, wrapped_key from data_keys
                            where wrapped_key is not null and master_key_id <> :newest and account_id > :after
                            order by account_id limit :limit""")
                    .bind("newest", newest)
                    .bind("after", from)
                    .bind("limit", REWRAP_BATCH)
                    .map((row, context) -> new StoredKey(new AccountId(row.getString("account_id")),
                            new WrappedDataKey(row.getString("master_key_id"), row.getInt("key_version"),
                                    row.getBytes("wrapped_key"))))
                    .list());
            for (StoredKey stored : batch) {
                rewrapped += rewrap(stored);
                after = stored.account().value();
            }
        } while (batch.size() == REWRAP_BATCH);
        return rewrapped;
    }

    private int rewrap(StoredKey stored) {
        WrappedDataKey fresh = wrapper.wrap(stored.account(), wrapper.unwrap(stored.account(), stored.wrapped()));
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        update data_keys set master_key_id = :masterKey, wrapped_key = :wrapped
                        where account_id = :account and master_key_id = :oldMasterKey and wrapped_key = :oldWrapped""")
                .bind("masterKey", fresh.masterKeyId())
                .bind("wrapped", fresh.sealed())
                .bind("account", stored.account().value())
                .bind("oldMasterKey", stored.wrapped().masterKeyId())
                .bind("oldWrapped", stored.wrapped().sealed())
                .execute());
    }

    /**
     * The master keys that wrap at least one live data key, in id order. The index is walked one step
     * per master key (a skip scan), so every start pays the same whatever the number of accounts; a
     * count reads every key (about 0.4 s a million).
     */
    public List<String> masterKeysInUse() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        with recursive in_use(id) as (
                            select min(master_key_id) from data_keys where master_key_id is not null
                            union all
                            select (select min(master_key_id) from data_keys where master_key_id > in_use.id)
                            from in_use where in_use.id is not null)
                        select id from in_use where id is not null order by id""")
                .mapTo(String.class)
                .list());
    }

    /** How many live data keys each master key wraps, by master key id. */
    public Map<String, Integer> countByMasterKey() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbi.withHandle(handle -> handle.createQuery("""
                                select master_key_id, count(*) as keys from data_keys
                                where master_key_id is not null group by master_key_id order by master_key_id""")
                        .map((row, context) -> Map.entry(row.getString("master_key_id"), row.getInt("keys")))
                        .list())
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /**
     * Whether a live data key the master key wraps unwraps under it (true when it wraps none): how a
     * key is checked at its first start with check values, when it may have wrapped data keys before.
     */
    boolean anyUnwrapsUnder(MasterKey masterKey) {
        Optional<StoredKey> sample = jdbi.withHandle(handle -> handle.createQuery("""
                        select account_id, master_key_id, key_version, wrapped_key from data_keys
                        where master_key_id = :masterKey and wrapped_key is not null limit 1""")
                .bind("masterKey", masterKey.id())
                .map((row, context) -> new StoredKey(new AccountId(row.getString("account_id")),
                        new WrappedDataKey(row.getString("master_key_id"), row.getInt("key_version"),
                                row.getBytes("wrapped_key"))))
                .findOne());
        try {
            sample.ifPresent(stored -> wrapper.unwrap(stored.account(), stored.wrapped()));
            return true;
        } catch (SecretUnreadable e) {
            return false;
        }
    }

    private static boolean shredded(Handle handle, AccountId account) {
        return handle.createQuery("select shredded_at is not null from data_keys where account_id = :account")
                .bind("account", account.value())
                .mapTo(Boolean.class)
                .one();
    }

    private record StoredKey(AccountId account, WrappedDataKey wrapped) {
    }
}
