package dev.mooring.api.proxy;

import dev.mooring.api.platform.TestOAuthServer;
import dev.mooring.api.web.AccountReads;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.command.connect.NewConnection;
import dev.mooring.command.vault.PlainCredentials;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountExtensions;
import dev.mooring.kernel.account.AccountProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A posting tool's backend calling the proxy over real HTTP, and accounts connected with tokens a
 * platform test server issued (as a finished consent would have), so the server checks them.
 */
final class ProxyClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final IntSupplier port;
    private final ConnectService connect;
    private final AccountReads reads;

    /** @param port the application's port, asked at each call: it is known only once the server listens */
    ProxyClient(IntSupplier port, ConnectService connect, AccountReads reads) {
        this.port = port;
        this.connect = connect;
        this.reads = reads;
    }

    /** An account of {@code platform} holding {@code accessToken}, valid for 90 days as far as Mooring knows. */
    AccountId connected(WorkspaceId workspace, Platform platform, String userId, String accessToken) {
        PlainCredentials credentials = new PlainCredentials(accessToken, null, null,
                Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), null);
        AccountId id = connect.connect(new NewConnection(workspace, platform, userId,
                new AccountProfile("Name of " + userId, userId, null), credentials, AccountExtensions.NONE));
        reads.findAfterWrite(workspace, id).orElseThrow();
        return id;
    }

    /** An account of {@code platform} holding what a test server's consent issued, refresh token included, with its expiry. */
    AccountId connected(WorkspaceId workspace, Platform platform, String userId, TestOAuthServer.Issued tokens) {
        return connected(workspace, platform, userId, new PlainCredentials(tokens.accessToken(), tokens.refreshToken(), null,
                Instant.now().plus(tokens.accessLifetime()).truncatedTo(ChronoUnit.SECONDS), tokens.refreshTokenExpiresAt(), null));
    }

    /** An account of {@code platform} holding these credentials. */
    AccountId connected(WorkspaceId workspace, Platform platform, String userId, PlainCredentials credentials) {
        AccountId id = connect.connect(new NewConnection(workspace, platform, userId,
                new AccountProfile("Name of " + userId, userId, null), credentials, AccountExtensions.NONE));
        reads.findAfterWrite(workspace, id).orElseThrow();
        return id;
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + pathAndQuery);
    }

    HttpResponse<String> send(String method, String pathAndQuery, String apiKey, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
