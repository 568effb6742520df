package dev.mooring.command.vault;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code master_key_checks} table: one check value per master key id (see
 * {@link MasterKeyCheckValue}). Every configured key is verified first and only then are the new
 * ones recorded, so a refused start writes nothing.
 */
@Component
class MasterKeyChecks {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyChecks.class);

    private final Jdbi jdbi;
    private final MasterKeys masterKeys;
    private final DataKeys dataKeys;
    private final SecureRandom random;

    MasterKeyChecks(Jdbi jdbi, MasterKeys masterKeys, DataKeys dataKeys, SecureRandom random) {
        this.jdbi = jdbi;
        this.masterKeys = masterKeys;
        this.dataKeys = dataKeys;
        this.random = random;
    }

    /** @throws MasterKeyMismatch naming the first configured key that is not the one its id stood for */
    void verifyAndRecord() {
        Map<String, byte[]> stored = storedCheckValues();
        List<MasterKey> firstUse = new ArrayList<>();
        for (String id : masterKeys.ids()) {
            MasterKey key = masterKeys.byId(id).orElseThrow();
            byte[] checkValue = stored.get(id);
            if (checkValue != null) {
                if (!MasterKeyCheckValue.matches(key, checkValue)) {
                    throw new MasterKeyMismatch(id, "its stored check value does not open");
                }
            } else {
                // data keys wrapped before check values existed: one of them tells as well
                if (!dataKeys.anyUnwrapsUnder(key)) {
                    throw new MasterKeyMismatch(id, "a data key it wrapped does not unwrap");
                }
                firstUse.add(key);
            }
        }
        firstUse.forEach(this::record);
    }

    /**
     * Another instance starting at the same time may record the same id first: whichever row stands
     * is checked again, so two instances given different bytes for one id cannot both start.
     */
    private void record(MasterKey key) {
        byte[] checkValue = MasterKeyCheckValue.of(key, random);
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into master_key_checks (key_id, check_value) values (:id, :checkValue)
                        on conflict (key_id) do nothing""")
                .bind("id", key.id())
                .bind("checkValue", checkValue)
                .execute());
        byte[] standing = Optional.ofNullable(storedCheckValues().get(key.id())).orElseThrow();
        if (!MasterKeyCheckValue.matches(key, standing)) {
            throw new MasterKeyMismatch(key.id(), "another instance recorded other bytes for it just now");
        }
        log.info("Recorded the check value of master key {}: a key with other bytes under this id will be refused",
                key.id());
    }

    private Map<String, byte[]> storedCheckValues() {
        return jdbi.withHandle(handle -> handle.createQuery("select key_id, check_value from master_key_checks")
                        .map((row, context) -> Map.entry(row.getString("key_id"), row.getBytes("check_value")))
                        .list())
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
