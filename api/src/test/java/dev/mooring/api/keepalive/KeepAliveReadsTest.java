package dev.mooring.api.keepalive;

import dev.mooring.api.support.MooringTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Many requests, one after another, on one keep-alive connection, as a pooling client sends them: a
 * static file (its whole length known, so the client has all of it before the server has finished
 * it), then routes that answer at once. Before {@link KeepAliveReads}, one round in a few left the
 * connection unread after the quick answer, and the next request waited for the client's timeout
 * (a CI run lost {@code /docs} after {@code /v1/accounts} this way).
 */
@MooringTest
class KeepAliveReadsTest {

    private static final int ROUNDS = 40;

    @LocalServerPort
    int port;

    @Test
    void aQuickAnswerAfterAStaticFileLeavesTheConnectionReadingTheNextRequest() throws IOException {
        everyAnswerArrives(List.of(new Call("/swagger-ui/index.html", 200), new Call("/v1/accounts", 401), new Call("/docs", 302)));
    }

    @Test
    void aDashboardFileThenARedirectThenTheFileAgain() throws IOException {
        everyAnswerArrives(List.of(new Call("/dashboard/dashboard.css", 200), new Call("/docs", 302)));
    }

    private void everyAnswerArrives(List<Call> round) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String previous = "(none)";
            for (int i = 0; i < ROUNDS; i++) {
                for (Call call : round) {
                    out.write(("GET " + call.path() + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Answer answer;
                    try {
                        answer = Answer.read(in);
                    } catch (SocketTimeoutException unanswered) {
                        fail("round %d: GET %s got no answer within 5 s on the connection that had just answered GET %s",
                                i + 1, call.path(), previous);
                        return;
                    }
                    assertThat(answer.status()).as("round %d: GET %s", i + 1, call.path()).isEqualTo(call.status());
                    assertThat(answer.closes()).as("round %d: GET %s keeps the connection", i + 1, call.path()).isFalse();
                    previous = call.path();
                }
            }
        }
    }

    private record Call(String path, int status) {
    }

    private record Answer(int status, boolean closes) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = 0;
            boolean chunked = false;
            boolean closes = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> closes = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                    skip(in, size);
                    line(in);
                }
                line(in);
            } else {
                skip(in, length);
            }
            return new Answer(status, closes);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed mid-answer");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        private static void skip(InputStream in, long bytes) throws IOException {
            in.skipNBytes(bytes);
        }
    }
}
