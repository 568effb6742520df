package dev.mooring.command.platform.instagram;

import dev.mooring.command.platform.meta.LongLivedTokenConnector;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Instagram professional accounts through Instagram Login: authorize at instagram.com, the code
 * exchanged at api.instagram.com, the tokens kept alive at graph.instagram.com. The account is the
 * {@code user_id} of {@code /me} (what publishing and webhooks use), not the app-scoped {@code id}.
 */
@Component
class InstagramConnector extends LongLivedTokenConnector {

    InstagramConnector(InstagramProperties properties, Clock clock) {
        super(new Surface(Platform.INSTAGRAM,
                new OAuth2Settings(properties.clientId(), properties.clientSecret(), properties.authorizeUrl(),
                        properties.tokenUrl(), properties.scopes(), ",", ClientAuthentication.FORM, false),
                properties.apiUrl(), properties.graphVersion(), "ig_exchange_token", "ig_refresh_token",
                new ProfileFields("user_id,username,name,profile_picture_url,account_type", "user_id", "profile_picture_url")),
                clock);
    }
}
