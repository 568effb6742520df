package dev.mooring.command.platform;

import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every platform's {@link ApiAccess} by platform. */
@Component
public class ApiAccesses {

    private final Map<Platform, ApiAccess> byPlatform = new EnumMap<>(Platform.class);

    public ApiAccesses(List<ApiAccess> accesses) {
        accesses.forEach(access -> byPlatform.put(access.platform(), access));
    }

    public Optional<ApiAccess> find(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
