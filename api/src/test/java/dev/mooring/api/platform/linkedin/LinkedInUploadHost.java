package dev.mooring.api.platform.linkedin;

import dev.mooring.api.platform.PlatformAnswer;
import dev.mooring.api.platform.PlatformRequest;
import dev.mooring.api.platform.TestHttpServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The host LinkedIn's {@code initializeUpload} hands upload URLs out on (www.linkedin.com's
 * {@code /dms-uploads/...} in production), apart from the API host as it is there; what an upload
 * does is the {@link LinkedInTestServer}'s business, which owns this host.
 */
final class LinkedInUploadHost extends TestHttpServer {

    private final List<PlatformRequest> uploads = new CopyOnWriteArrayList<>();

    LinkedInUploadHost(Function<PlatformRequest, PlatformAnswer> upload) {
        super("linkedin-uploads");
        fallback(request -> {
            uploads.add(request);
            return upload.apply(request);
        });
    }

    /** Every request that reached the host, whatever its path (each upload URL has one of its own). */
    List<PlatformRequest> uploads() {
        return List.copyOf(uploads);
    }

    @Override
    public void reset() {
        super.reset();
        uploads.clear();
    }
}
