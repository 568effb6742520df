package dev.mooring.api.platform.instagram;

import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.PlatformRequest;

import java.time.Clock;
import java.util.Map;

/**
 * Instagram API with Instagram Login (platforms.md section 5): www.instagram.com's authorize page,
 * api.instagram.com's code exchange and graph.instagram.com, all on one test server. {@code /me}
 * answers both the {@code user_id} to keep and an app-scoped {@code id} that must not be kept.
 * Posts are a container ({@code POST /{ig-user-id}/media}) then {@code media_publish}.
 */
public final class InstagramTestServer extends LongLivedTokenTestServer {

    private static final String SCOPE = "instagram_business_basic,instagram_business_content_publish";
    private static final String PROFILE_FIELDS = "user_id,username,name,profile_picture_url,account_type";

    public InstagramTestServer(String version, Clock clock) {
        super("instagram", SCOPE, version, "ig_exchange_token", "ig_refresh_token", PROFILE_FIELDS,
                new Publishing("media", "media_publish", InstagramTestServer::missingField), clock);
    }

    /** An image post's container needs its {@code image_url} (a video's {@code video_url}, a carousel its media_type). */
    private static String missingField(PlatformRequest request) {
        boolean media = request.param("image_url") != null || request.param("video_url") != null
                || "CAROUSEL".equals(request.param("media_type"));
        return media ? null : "image_url";
    }

    @Override
    protected Map<String, Object> profile(User user) {
        return Map.of("id", user.appScopedId(), "user_id", user.id(), "username", user.username(), "name", user.name(),
                "profile_picture_url", user.pictureUrl(), "account_type", "BUSINESS");
    }
}
