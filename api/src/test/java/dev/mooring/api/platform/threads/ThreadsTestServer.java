package dev.mooring.api.platform.threads;

import dev.mooring.api.platform.LongLivedTokenTestServer;

import java.time.Clock;
import java.util.Map;

/**
 * Threads' own OAuth (platforms.md section 6): threads.com's authorize page and graph.threads.net,
 * on one test server.
 */
public final class ThreadsTestServer extends LongLivedTokenTestServer {

    private static final String SCOPE = "threads_basic,threads_content_publish";
    private static final String PROFILE_FIELDS = "id,username,name,threads_profile_picture_url";

    public ThreadsTestServer(String version, Clock clock) {
        super("threads", SCOPE, version, "th_exchange_token", "th_refresh_token", PROFILE_FIELDS, clock);
    }

    @Override
    protected Map<String, Object> profile(User user) {
        return Map.of("id", user.id(), "username", user.username(), "name", user.name(),
                "threads_profile_picture_url", user.pictureUrl());
    }
}
