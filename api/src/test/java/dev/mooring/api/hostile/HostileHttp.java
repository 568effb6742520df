package dev.mooring.api.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request, sending the request target exactly as
 * given ({@code ;}, {@code %61}, {@code ..} reach the server as written). An event stream is read
 * no further than its head. One connection each: a pooling client that meets the server's 414 for
 * an over-long request line on a reused connection can wait for an answer that never comes.
 */
final class HostileHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    HostileHttp(int port) {
        this.port = port;
    }

    /** What came back: status, content type, the request id header (none when the server refused the request itself) and the body. */
    record Answer(int status, String contentType, String requestId, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** @param body {@code null} for none; sent as JSON unless a {@code Content-Type} header says otherwise */
    Answer send(String method, String target, Map<String, String> headers, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            head.append("Content-Type: application/json\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                // head and body in one write, as clients send them: a body that trails its head can reach a server
                // that answered a GET without reading it and closed, and the reset then drops the answer unread
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                request.write(head.toString().getBytes(StandardCharsets.UTF_8));
                request.write(content);
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException stoppedReading) {
                // the server answered (413, say) and closed before the whole body was sent: read its answer
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + (target.length() > 300 ? target.substring(0, 300) + "..." : target), e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        while (headEnd < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("no HTTP answer: [" + received.toString(StandardCharsets.ISO_8859_1) + "]");
            }
            received.write(buffer, 0, n);
            headEnd = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        }
        String text = received.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String contentType = headers.getOrDefault("content-type", "");
        if (contentType.startsWith("text/event-stream")) {
            return new Answer(status, contentType, headers.get("x-request-id"), "");
        }
        readBody(in, received, headEnd + 4, headers);
        byte[] all = received.toByteArray();
        byte[] rest = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
        byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? unchunk(rest) : rest;
        return new Answer(status, contentType, headers.get("x-request-id"), new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Reads the body as far as its length or its last chunk says, not up to the end of the
     * connection: a server that answers before reading the whole request (a 401 for a request with
     * a body) resets the connection once it closes, and the reset may come before an end would.
     */
    private static void readBody(InputStream in, ByteArrayOutputStream received, int bodyStart, Map<String, String> headers)
            throws IOException {
        String length = headers.get("content-length");
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        byte[] buffer = new byte[8192];
        try {
            while (!complete(received, bodyStart, length, chunked)) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                received.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            if (length == null && !chunked) {
                return; // the body ends with the connection, however it ended
            }
            throw reset;
        }
    }

    private static boolean complete(ByteArrayOutputStream received, int bodyStart, String length, boolean chunked) {
        int have = received.size() - bodyStart;
        if (length != null) {
            return have >= Integer.parseInt(length.trim());
        }
        return chunked && received.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n");
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
