package dev.mooring.api.platform.threads;

import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.PlatformRequest;

import java.time.Clock;
import java.util.Map;

/**
 * Threads' own OAuth (platforms.md section 6): threads.com's authorize page and graph.threads.net,
 * on one test server. Posts are a container ({@code POST /{threads-user-id}/threads}) then
 * {@code threads_publish}.
 */
public final class ThreadsTestServer extends LongLivedTokenTestServer {

    private static final String SCOPE = "threads_basic,threads_content_publish";
    private static final String PROFILE_FIELDS = "id,username,name,threads_profile_picture_url";

    public ThreadsTestServer(String version, Clock clock) {
        super("threads", SCOPE, version, "th_exchange_token", "th_refresh_token", PROFILE_FIELDS,
                new Publishing("threads", "threads_publish", ThreadsTestServer::missingField), clock);
    }

    /** A container needs its {@code media_type}, and {@code text} for TEXT, {@code image_url} for IMAGE, {@code video_url} for VIDEO. */
    private static String missingField(PlatformRequest request) {
        String type = request.param("media_type");
        if (type == null) {
            return "media_type";
        }
        String needed = switch (type) {
            case "TEXT" -> "text";
            case "IMAGE" -> "image_url";
            case "VIDEO" -> "video_url";
            default -> null;
        };
        return needed == null || request.param(needed) != null ? null : needed;
    }

    @Override
    protected Map<String, Object> profile(User user) {
        return Map.of("id", user.id(), "username", user.username(), "name", user.name(),
                "threads_profile_picture_url", user.pictureUrl());
    }
}
