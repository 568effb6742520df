package dev.mooring.api.connectpage;

import dev.mooring.api.error.ApiException;
import dev.mooring.command.connect.OAuthConnectFlow;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platforms a Connect page may offer: Bluesky (an app password, nothing to configure) and each
 * OAuth platform whose app settings are given. Sandbox last: it is a stand-in for the real ones.
 */
@Component
class PlatformsOnOffer {

    private static final Map<Platform, String> NAMES = Map.of(Platform.BLUESKY, "Bluesky", Platform.X, "X",
            Platform.LINKEDIN, "LinkedIn", Platform.FACEBOOK, "Facebook", Platform.INSTAGRAM, "Instagram",
            Platform.THREADS, "Threads", Platform.PINTEREST, "Pinterest", Platform.SANDBOX, "Sandbox");

    private final OAuthConnectFlow oauth;

    PlatformsOnOffer(OAuthConnectFlow oauth) {
        this.oauth = oauth;
    }

    /** How the page connects one platform: through the platform's own consent page, or with a form here. */
    enum Kind {
        OAUTH, APP_PASSWORD
    }

    static Kind kind(Platform platform) {
        return platform == Platform.BLUESKY ? Kind.APP_PASSWORD : Kind.OAUTH;
    }

    static String name(Platform platform) {
        return NAMES.get(platform);
    }

    boolean enabled(Platform platform) {
        return platform == Platform.BLUESKY || oauth.enabled(platform);
    }

    /** What the posting tool named, checked: every name a platform ({@code validation_failed}), every one enabled. */
    Set<Platform> named(List<String> wireNames) {
        Set<Platform> named = EnumSet.noneOf(Platform.class);
        for (String wireName : wireNames) {
            Platform platform = Platform.fromWireName(wireName).orElseThrow(ApiException::unknownPlatform);
            if (!enabled(platform)) {
                throw new ApiException(ErrorCode.PLATFORM_NOT_ENABLED, platform.wireName() + " is not enabled on this Mooring",
                        "offer only enabled platforms, or ask the operator to configure " + platform.wireName());
            }
            named.add(platform);
        }
        return named;
    }

    /** The link's platforms that are enabled now, in a stable order (the enum's, sandbox last). */
    List<Platform> of(ConnectLink link) {
        return Arrays.stream(Platform.values())
                .sorted(Comparator.comparing(platform -> platform == Platform.SANDBOX))
                .filter(platform -> link.offers(platform) && enabled(platform))
                .toList();
    }
}
