package dev.mooring.command.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.account.AccountConnected;
import dev.mooring.kernel.account.AccountProfile;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Seals, in place, the clear profile of every {@link AccountConnected} stored before profiles were
 * sealed (revision 1). An upcaster could only show old events differently while their clear rows
 * stayed in the table and in every backup made after; rewriting them is the only way a deleted
 * account's name leaves the store. A live account's profile is sealed under its data key; a deleted
 * account's (its key already destroyed) is dropped. Runs once all beans exist and before any
 * processor reads or any command loads an aggregate; each row is swapped only while it is still
 * revision 1, so an interrupted run, or two instances at once, just carry on. The type is written
 * out in the SQL so the partial index of exactly these rows (V2026_12_02_83) serves the query.
 */
@Component
class ClearProfileSealing implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ClearProfileSealing.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;
    /** The shape a sealed row has: revision 2's; the upcasters take it on from there like any stored one. */
    private static final String REVISION = "2";

    private final Jdbi jdbi;
    private final ProfileSealer profiles;
    private final DataKeySource dataKeys;

    ClearProfileSealing(Jdbi jdbi, ProfileSealer profiles, DataKeySource dataKeys) {
        this.jdbi = jdbi;
        this.profiles = profiles;
        this.dataKeys = dataKeys;
    }

    private record Row(long globalIndex, String account, byte[] payload) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        int sealed = 0;
        int dropped = 0;
        long after = -1;
        List<Row> batch;
        do {
            long from = after;
            batch = jdbi.withHandle(handle -> handle.createQuery("""
                            select global_index, aggregate_identifier, payload from domain_event_entry
                            where payload_type = 'dev.mooring.kernel.account.AccountConnected' and payload_revision is null
                              and global_index > :after
                            order by global_index limit :limit""")
                    .bind("after", from)
                    .bind("limit", BATCH)
                    .map((rs, ctx) -> new Row(rs.getLong("global_index"), rs.getString("aggregate_identifier"),
                            rs.getBytes("payload")))
                    .list());
            for (Row row : batch) {
                if (reseal(row)) {
                    sealed++;
                } else {
                    dropped++;
                }
                after = row.globalIndex();
            }
        } while (batch.size() == BATCH);
        if (sealed + dropped > 0) {
            log.info("Stored AccountConnected events of revision 1: sealed the profile of {}; {} keep none (deleted accounts, or no profile given)",
                    sealed, dropped);
        }
    }

    /** @return true when the profile was sealed, false when it was dropped (or there was none) */
    private boolean reseal(Row row) {
        AccountId account = new AccountId(row.account());
        ObjectNode event;
        try {
            event = (ObjectNode) JSON.readTree(row.payload());
        } catch (IOException e) {
            throw new UncheckedIOException("stored AccountConnected #" + row.globalIndex() + " is not JSON", e);
        }
        var clear = event.remove("profile");
        EncryptedSecret sealedProfile = null;
        if (clear != null && !clear.isNull() && dataKeys.dataKeyOf(account).isPresent()) {
            sealedProfile = profiles.seal(account, JSON.convertValue(clear, AccountProfile.class));
        }
        if (sealedProfile == null) {
            event.putNull("sealedProfile");
        } else {
            event.put("sealedProfile", sealedProfile.ciphertext());
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update domain_event_entry set payload = :payload, payload_revision = :revision
                        where global_index = :globalIndex and payload_revision is null""")
                .bind("payload", payload)
                .bind("revision", REVISION)
                .bind("globalIndex", row.globalIndex())
                .execute());
        return sealedProfile != null;
    }
}
