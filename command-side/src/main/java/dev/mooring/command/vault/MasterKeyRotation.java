package dev.mooring.command.vault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.mooring.kernel.FrontDoor;
import java.util.List;
import java.util.Map;

/**
 * Moves every data key under the newest configured master key, so the older ones can leave the
 * configuration. Events are not touched: their ciphertexts are bound to data keys, not master keys.
 */
@FrontDoor
@Component
public class MasterKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private final DataKeys dataKeys;
    private final MasterKeys masterKeys;

    MasterKeyRotation(DataKeys dataKeys, MasterKeys masterKeys) {
        this.dataKeys = dataKeys;
        this.masterKeys = masterKeys;
    }

    /**
     * @param rewrapped       data keys moved under the newest master key by this run
     * @param newest          the master key that now wraps them
     * @param stillInUse      older master keys some data key still needs (created meanwhile by an
     *                        instance that does not know the newest key yet); run again once it does
     * @param removable       older master keys no data key needs any more
     */
    public record Outcome(int rewrapped, String newest, Map<String, Integer> stillInUse, List<String> removable) {
    }

    public Outcome rotate() {
        String newest = masterKeys.newest().id();
        int rewrapped = dataKeys.rewrapUnderNewestMasterKey();
        Map<String, Integer> inUse = dataKeys.countByMasterKey();
        inUse.remove(newest);
        List<String> removable = masterKeys.ids().stream()
                .filter(id -> !id.equals(newest) && !inUse.containsKey(id))
                .toList();
        log.info("Re-wrapped {} data keys under master key {}. Master keys no data key needs any more: {}",
                rewrapped, newest, removable.isEmpty() ? "none" : String.join(", ", removable));
        if (!inUse.isEmpty()) {
            log.warn("Data keys still wrapped by older master keys {}: an instance that does not know {} yet"
                    + " created them; give every instance the new key list and rotate again", inUse, newest);
        }
        return new Outcome(rewrapped, newest, inUse, removable);
    }
}
