package dev.mooring.command.platform;

import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every platform's credentials keeper by platform. */
@Component
public class CredentialsKeepers {

    private final Map<Platform, CredentialsKeeper> byPlatform = new EnumMap<>(Platform.class);

    public CredentialsKeepers(List<CredentialsKeeper> keepers) {
        keepers.forEach(keeper -> byPlatform.put(keeper.platform(), keeper));
    }

    public Optional<CredentialsKeeper> find(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
