package dev.mooring.command.platform;

import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every OAuth connector by its platform; adding a platform means adding its connector bean. */
@Component
public class OAuthConnectors {

    private final Map<Platform, OAuthConnector> byPlatform = new EnumMap<>(Platform.class);

    public OAuthConnectors(List<OAuthConnector> connectors) {
        connectors.forEach(connector -> byPlatform.put(connector.platform(), connector));
    }

    public Optional<OAuthConnector> find(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
