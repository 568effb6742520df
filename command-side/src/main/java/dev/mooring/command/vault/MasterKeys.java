package dev.mooring.command.vault;

import dev.mooring.kernel.FrontDoor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured master keys, oldest first. The newest wraps every new data key and every data key
 * a rotation re-wraps; the older ones are kept only to unwrap data keys not yet re-wrapped.
 */
@FrontDoor
public final class MasterKeys {

    private final List<MasterKey> oldestFirst;

    public MasterKeys(List<MasterKey> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one master key is needed");
        }
        Set<String> ids = new HashSet<>();
        for (MasterKey key : oldestFirst) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("master key id " + key.id() + " is configured twice");
            }
        }
        this.oldestFirst = List.copyOf(oldestFirst);
    }

    public static MasterKeys of(MasterKey... oldestFirst) {
        return new MasterKeys(List.of(oldestFirst));
    }

    public MasterKey newest() {
        return oldestFirst.get(oldestFirst.size() - 1);
    }

    public Optional<MasterKey> byId(String id) {
        return oldestFirst.stream().filter(key -> key.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        oldestFirst.forEach(key -> ids.add(key.id()));
        return ids;
    }

    @Override
    public String toString() {
        return "MasterKeys" + ids();
    }
}
