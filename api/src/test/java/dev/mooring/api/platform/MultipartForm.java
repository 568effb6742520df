package dev.mooring.api.platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578) as a platform reads it: each part's bytes by its
 * field name. Enough for the small uploads tests send, not a general parser.
 */
public record MultipartForm(Map<String, byte[]> parts) {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    /** The form in {@code request}, or empty when it is not multipart or has no boundary. */
    public static Optional<MultipartForm> of(PlatformRequest request) {
        String contentType = request.headers().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return Optional.empty();
        }
        // ISO-8859-1 maps every byte to one char and back, so binary parts survive the split
        String body = new String(request.bytes(), StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (String part : body.split(Pattern.quote(delimiter))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue; // the preamble or the closing "--"
            }
            Matcher name = NAME.matcher(part.substring(0, headersEnd));
            if (name.find()) {
                String content = part.substring(headersEnd + 4);
                content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
                parts.put(name.group(1), content.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return Optional.of(new MultipartForm(parts));
    }

    public Optional<byte[]> part(String name) {
        return Optional.ofNullable(parts.get(name)).map(bytes -> Arrays.copyOf(bytes, bytes.length));
    }

    public Optional<String> text(String name) {
        return part(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
