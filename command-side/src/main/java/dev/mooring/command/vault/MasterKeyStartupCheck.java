package dev.mooring.command.vault;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Refuses to start when a stored data key is wrapped by a master key that is not configured, or when
 * a configured master key is not the key its id stood for (its check value, see
 * {@link MasterKeyChecks}): every token of those accounts would be unreadable, and nothing would say
 * why until the first refresh failed. Runs once all beans exist (the schema is migrated by then) and
 * before anything is served or any deadline fires; checks everything before it records anything.
 */
@Component
class MasterKeyStartupCheck implements SmartInitializingSingleton {

    private final DataKeys dataKeys;
    private final MasterKeys masterKeys;
    private final MasterKeyChecks checks;

    MasterKeyStartupCheck(DataKeys dataKeys, MasterKeys masterKeys, MasterKeyChecks checks) {
        this.dataKeys = dataKeys;
        this.masterKeys = masterKeys;
        this.checks = checks;
    }

    @Override
    public void afterSingletonsInstantiated() {
        refuseMissingMasterKeys();
        checks.verifyAndRecord();
    }

    private void refuseMissingMasterKeys() {
        if (dataKeys.masterKeysInUse().stream().allMatch(id -> masterKeys.byId(id).isPresent())) {
            return;
        }
        // refused: only now count the keys, for the message
        Map<String, Integer> missing = dataKeys.countByMasterKey().entrySet().stream()
                .filter(inUse -> masterKeys.byId(inUse.getKey()).isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (!missing.isEmpty()) {
            String which = missing.entrySet().stream()
                    // ids come from the table: quote only well-formed ones, so an altered row cannot write into logs
                    .map(inUse -> (MasterKey.isWellFormedId(inUse.getKey()) ? inUse.getKey() : "<malformed id>")
                            + " (" + inUse.getValue() + " data keys)")
                    .sorted()
                    .collect(Collectors.joining(", "));
            throw new IllegalStateException("Stored data keys are wrapped by master keys that are not configured: "
                    + which + ". Configured: " + String.join(", ", masterKeys.ids()) + ". Put the missing keys back"
                    + " in MOORING_MASTER_KEYS (oldest first), run once with --rotate-master-key, and only then remove them.");
        }
    }
}
