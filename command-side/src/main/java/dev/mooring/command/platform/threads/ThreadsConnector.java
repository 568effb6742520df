package dev.mooring.command.platform.threads;

import dev.mooring.command.platform.meta.LongLivedTokenConnector;
import dev.mooring.command.platform.oauth.ClientAuthentication;
import dev.mooring.command.platform.oauth.OAuth2Settings;
import dev.mooring.kernel.Platform;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Threads profiles through Threads' own OAuth: authorize at threads.com, everything else at
 * graph.threads.net (still documented for token calls). The account is the {@code id} of {@code /me}.
 */
@Component
class ThreadsConnector extends LongLivedTokenConnector {

    ThreadsConnector(ThreadsProperties properties, Clock clock) {
        super(new Surface(Platform.THREADS,
                new OAuth2Settings(properties.clientId(), properties.clientSecret(), properties.authorizeUrl(),
                        properties.tokenUrl(), properties.scopes(), ",", ClientAuthentication.FORM, false),
                properties.apiUrl(), properties.graphVersion(), "th_exchange_token", "th_refresh_token",
                new ProfileFields("id,username,name,threads_profile_picture_url", "id", "threads_profile_picture_url")),
                clock);
    }
}
