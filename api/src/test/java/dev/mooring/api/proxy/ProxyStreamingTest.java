package dev.mooring.api.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.api.platform.linkedin.LinkedInTestServer;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bodies stream through the proxy both ways and are never gathered: each test holds its side back
 * after the first megabyte until the other end has seen it, which a proxy that gathered the body
 * before passing it on would never allow; the digests then show every byte arrived. Past
 * {@code MOORING_PROXY_MAX_BODY} (80 MB here) a body is refused: at once when its length says so,
 * and cut where it crosses the limit when it streams without one.
 */
@ProxyTest
class ProxyStreamingTest {

    private static final long LARGE = 64L * UploadTestServer.MEGABYTE;
    private static final long OVER_THE_LIMIT = (ProxyTest.MAX_BODY_MB + 8L) * UploadTestServer.MEGABYTE;

    @LocalServerPort
    int port;
    @Autowired
    TestAccounts accounts;
    @Autowired
    ObjectMapper json;
    @Autowired
    LinkedInTestServer linkedIn;
    @Autowired
    UploadTestServer uploads;

    @Autowired
    ProxyClient proxy;
    Tenant tenant;
    String token;
    AccountId id;

    @BeforeEach
    void linkedInAccount() {
        tenant = accounts.tenant();
        token = linkedIn.grant(new LinkedInTestServer.Member("li-stream", "Stream", "Er", "https://media.licdn.test/s.jpg",
                "s@example.org")).accessToken();
        id = proxy.connected(tenant.workspace(), Platform.LINKEDIN, "li-stream-" + System.nanoTime(), token);
    }

    @AfterEach
    void forgetUploads() {
        uploads.reset();
    }

    @Test
    void aLargeUploadReachesThePlatformWhileItIsStillBeingSent() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        InputStream body = new HeldBack(UploadTestServer.content(LARGE), sent,
                () -> uploads.uploaded() >= UploadTestServer.MEGABYTE);

        HttpResponse<String> answer = proxy.send(upload("/upload").POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode received = json.readTree(answer.body());
        assertThat(received.get("bytes").asLong()).isEqualTo(LARGE);
        assertThat(received.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        assertThat(uploads.requests()).singleElement()
                .satisfies(seen -> assertThat(seen.header("Authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void aLargeDownloadReachesTheCallerWhileThePlatformIsStillSending() throws Exception {
        HttpResponse<InputStream> answer = proxy.send(upload("/download?bytes=" + LARGE).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(answer.statusCode()).isEqualTo(200);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (InputStream in = answer.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.update(buffer, 0, n);
                count += n;
                if (count >= UploadTestServer.MEGABYTE) {
                    uploads.firstMegabyteArrived();
                }
            }
        }
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream content = UploadTestServer.content(LARGE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = content.read(buffer)) > 0; ) {
                expected.update(buffer, 0, n);
            }
        }
        assertThat(count).isEqualTo(LARGE);
        assertThat(received.digest()).isEqualTo(expected.digest());
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        String answer = rawPostWithoutBody(OVER_THE_LIMIT);

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"code\":\"payload_too_large\"").contains("MOORING_PROXY_MAX_BODY");
        assertThat(uploads.requests()).isEmpty();
    }

    @Test
    void aStreamedBodyThatPassesTheLimitIsCutAndNeverArrivesWhole() throws Exception {
        InputStream body = UploadTestServer.content(OVER_THE_LIMIT);

        HttpResponse<String> answer;
        try {
            answer = proxy.send(upload("/upload").POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException connectionClosedWhileSending) {
            answer = null; // the server may close before the client finishes sending; what arrived upstream decides
        }

        if (answer != null) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
            assertThat(json.readTree(answer.body()).at("/error/code").asText()).isEqualTo("payload_too_large");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !uploads.requests().isEmpty());
        assertThat(uploads.requests()).singleElement().satisfies(seen -> {
            assertThat(seen.complete()).as("the upstream request broke off").isFalse();
            assertThat(seen.bytes()).isLessThanOrEqualTo((long) ProxyTest.MAX_BODY_MB * UploadTestServer.MEGABYTE);
        });
    }

    private HttpRequest.Builder upload(String pathAndQuery) {
        return HttpRequest.newBuilder(proxy.url("/v1/accounts/" + id.value() + "/proxy-url?url="
                        + URLEncoder.encode(uploads.url(pathAndQuery).toString(), StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", tenant.bearer());
    }

    /** Headers that announce {@code length} bytes and no body at all: the answer must come without it. */
    private String rawPostWithoutBody(long length) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/accounts/" + id.value() + "/proxy-url?url="
                    + URLEncoder.encode(uploads.url("/upload").toString(), StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\nAuthorization: " + tenant.bearer() + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            InputStream in = socket.getInputStream();
            for (int n; !answer.toString(StandardCharsets.ISO_8859_1).contains("}}") && (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** A body that digests what it gives and, after its first two megabytes, waits until {@code arrived} holds. */
    private static final class HeldBack extends InputStream {

        private final InputStream content;
        private final MessageDigest digest;
        private final BooleanSupplier arrived;
        private long given;
        private boolean waited;

        HeldBack(InputStream content, MessageDigest digest, BooleanSupplier arrived) {
            this.content = content;
            this.digest = digest;
            this.arrived = arrived;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!waited && given >= 2L * UploadTestServer.MEGABYTE) {
                Instant until = Instant.now().plusSeconds(30);
                while (!arrived.getAsBoolean()) {
                    if (Instant.now().isAfter(until)) {
                        throw new IOException("the platform saw nothing of the first two megabytes: the proxy held the body back");
                    }
                    sleep();
                }
                waited = true;
            }
            int n = content.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                given += n;
            }
            return n;
        }

        private static void sleep() throws IOException {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
