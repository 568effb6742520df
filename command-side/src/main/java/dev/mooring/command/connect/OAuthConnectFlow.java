package dev.mooring.command.connect;

import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.OAuthConnectors;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The OAuth connect flow, the same for every platform: start (state, PKCE, where to send the
 * browser), then complete (check the state, exchange the code, read the profile, connect).
 * Platform differences stay in each {@link OAuthConnector}.
 */
@Service
public class OAuthConnectFlow {

    private final OAuthConnectors connectors;
    private final ConnectSessions sessions;
    private final ConnectService connect;
    private final PublicBaseUrl publicUrl;
    private final ReturnUrlPolicy returnUrls;
    private final SecureRandom random;

    public OAuthConnectFlow(OAuthConnectors connectors, ConnectSessions sessions, ConnectService connect,
                            PublicBaseUrl publicUrl, ReturnUrlPolicy returnUrls, SecureRandom random) {
        this.connectors = connectors;
        this.sessions = sessions;
        this.connect = connect;
        this.publicUrl = publicUrl;
        this.returnUrls = returnUrls;
        this.random = random;
    }

    public record Started(URI redirectUrl, String state) {
    }

    public record Completed(WorkspaceId workspaceId, AccountId accountId, URI returnUrl) {
    }

    public Started start(WorkspaceId workspace, Platform platform, URI returnUrl, ConnectOptions options) {
        OAuthConnector connector = connector(platform);
        if (!connector.enabled()) {
            throw new ConnectFailed(ErrorCode.PLATFORM_NOT_ENABLED, platform,
                    platform.wireName() + " is not enabled: its client credentials are not configured", null, null);
        }
        if (returnUrl != null && !returnUrls.allows(returnUrl, publicUrl.get())) {
            throw new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                    "returnUrl must be on an allowed origin (MOORING_RETURN_URL_ORIGINS)", null, null);
        }
        String state = randomToken();
        String verifier = connector.usesPkce() ? randomToken() : null;
        sessions.save(state, workspace, platform, verifier, returnUrl, options);
        URI redirectUri = publicUrl.redirectUri(platform.wireName());
        return new Started(connector.authorizationUrl(state, redirectUri, verifier == null ? null : challenge(verifier)), state);
    }

    /**
     * Finishes a connect from the platform's redirect. {@code error} is the platform's own answer
     * when the user did not consent.
     */
    public Completed complete(Platform platform, String state, String code, String error, String errorDescription) {
        OAuthConnector connector = connector(platform);
        ConnectSession session = (state == null ? null : sessions.consume(state, platform).orElse(null));
        if (session == null) {
            throw new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                    "unknown, expired or already used state: start the connect again", null, null);
        }
        if (error != null || code == null || code.isBlank()) {
            String upstream = error == null ? "no code" : error + (errorDescription == null ? "" : ": " + errorDescription);
            throw new ConnectFailed(ErrorCode.PLATFORM_REJECTED, platform,
                    platform.wireName() + " did not authorize the connect (" + shorten(upstream) + ")", session.returnUrl(), null);
        }
        UpstreamAccount upstream;
        try {
            upstream = connector.connect(code, session.codeVerifier(), publicUrl.redirectUri(platform.wireName()),
                    session.options());
        } catch (PlatformFailure failure) {
            throw new ConnectFailed(failure.code(), platform, failure.getMessage(), session.returnUrl(), failure.retryAfter());
        }
        AccountId id = connect.connect(new NewConnection(session.workspaceId(), platform, upstream.platformUserId(),
                upstream.profile(), upstream.credentials(), upstream.extensions()));
        return new Completed(session.workspaceId(), id, session.returnUrl());
    }

    private OAuthConnector connector(Platform platform) {
        return connectors.find(platform).orElseThrow(() -> new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                platform.wireName() + " does not connect through OAuth", null, null));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCE S256: base64url(SHA-256(verifier)). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
