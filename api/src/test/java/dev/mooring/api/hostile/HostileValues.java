package dev.mooring.api.hostile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hostile client sends, value by value: strings with control characters (NUL, CR, LF,
 * U+2028), unpaired surrogates, huge strings on both sides of the 256 KB body limit, JSON that is
 * malformed or of the wrong type, forged cursors and limits, ids that are no ids. Every string that
 * looks like a URL names a loopback host: a generated value must never make Mooring look a name up
 * or connect anywhere off this machine.
 */
final class HostileValues {

    /** Spring's codec limit for a request body in memory. */
    static final int BODY_LIMIT = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileValues() {
    }

    /** Strings for bodies: up to and past the body limit. */
    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(Tuple.of(12, shortStrings()), Tuple.of(1, huge()));
    }

    /**
     * Strings for paths, queries and headers: long ones stop a little past the server's 4 KB
     * request-line limit (a client still writing a huge line to a server that stopped reading it
     * would only wait for its own timeout).
     */
    static Arbitrary<String> shortStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(4, controlled()),
                Tuple.of(3, Arbitraries.of(NOTORIOUS)),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars("-_.@:/").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.integers().between(1_000, 6_000).map("x"::repeat)));
    }

    /** Ordinary text with control characters and line separators mixed in. */
    static Arbitrary<String> controlled() {
        return Arbitraries.strings().alpha().withChars('\u0000', '\r', '\n', '\t', '\u0001', '\u001b', '\u007f',
                '\u2028', '\u2029', '\u0085', '\ufeff', '\uffff', '\u202e').ofMinLength(1).ofMaxLength(30);
    }

    /** Long runs, from a few KB to past the body limit; some in 3-byte UTF-8. */
    static Arbitrary<String> huge() {
        return Combinators.combine(Arbitraries.integers().between(1_000, BODY_LIMIT + 40_000), Arbitraries.of("x", "漢", "\u0000", "é"))
                .as((length, unit) -> unit.repeat(unit.equals("漢") ? length / 3 : length));
    }

    /** Strings that broke or fooled something somewhere once. */
    static final List<String> NOTORIOUS = List.of("", " ", "null", "undefined", "true", "0", "-1", "NaN", "[]", "{}",
            "../../../../etc/passwd", "..%2F..%2F", "%00", "%2e%2e", "\\u0000", "' or '1'='1", "'; drop table accounts; --",
            "${jndi:ldap://127.0.0.1:1/x}", "#{7*7}", "{{7*7}}", "<script>alert(1)</script>", "\ud800", "\udfff\ud800",
            "😀".repeat(50), "\u202eevil", "a\u0000b", "x\r\nX-Injected: yes", "\u2028", "acc_", "acc_" + "A".repeat(65),
            "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ", "did:web:", "did:web:a b", "did:web:%zz", "did:plc:", "did:plc:" + "a".repeat(24),
            "did:key:z6Mk", "alice.test", "@alice.test", "ALICE.TEST", "a@b.c", "http://127.0.0.1:1/x", "https://localhost/x",
            "http://[::1]:1/", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "//127.0.0.1/x",
            "aaaa-bbbb-cccc-dddd", "9".repeat(40), "1e400", "-0", "\t", "\u3000", "ß", "İ", "ﬃ");

    /**
     * Any string from {@link #strings} that is not a URL of a host other than loopback. Values are
     * sent wherever an id, a name or a URL goes; an unknown host name there would be looked up.
     */
    static Arbitrary<String> offlineStrings() {
        return strings().filter(HostileValues::offline);
    }

    /** {@link #shortStrings} that are not URLs of a host other than loopback. */
    static Arbitrary<String> offlineShortStrings() {
        return shortStrings().filter(HostileValues::offline);
    }

    static boolean offline(String value) {
        for (String candidate : List.of(value, value.strip())) {
            try {
                URI uri = new URI(candidate);
                if (uri.getHost() != null && !loopback(uri.getHost())) {
                    return false;
                }
                if (uri.getRawAuthority() != null && uri.getHost() == null) {
                    return false; // a registry-based authority: let nothing try to make sense of it
                }
            } catch (URISyntaxException notAUrl) {
                // never reaches the outbound policy as a URL
            }
        }
        // a handle or an email is resolved through the test PDS; a did:web is fetched from its host
        return !value.strip().startsWith("did:web:") || !value.strip().matches("did:web:[a-zA-Z0-9.-]+(%3[aA][0-9]{1,5})?")
                || value.strip().startsWith("did:web:localhost") || value.strip().startsWith("did:web:127.");
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equals("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no lookup
        } catch (Exception e) {
            return false;
        }
    }

    /** A JSON value of any type, mostly the wrong one. */
    static Arbitrary<Object> jsonValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, offlineStrings().map(s -> (Object) s)),
                Tuple.of(1, Arbitraries.integers().map(i -> (Object) i)),
                Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Double.MAX_VALUE, -0.0, 1e-300).map(n -> (Object) n)),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(2, offlineStrings().list().ofMaxSize(4).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.just((Object) Map.of("nested", List.of(Map.of())))));
    }

    /** A JSON body for a route reading these fields: well-shaped with hostile values, wrong-typed, or not JSON at all. */
    static Arbitrary<String> jsonBodies(List<String> fields) {
        Arbitrary<String> shaped = Arbitraries.subsetOf(withExtra(fields)).flatMap(chosen -> {
            List<String> names = new ArrayList<>(chosen);
            return jsonValues().list().ofSize(names.size()).map(values -> {
                Map<String, Object> body = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    body.put(names.get(i), values.get(i));
                }
                return write(body);
            });
        });
        return Arbitraries.frequencyOf(
                Tuple.of(6, shaped),
                Tuple.of(2, Arbitraries.of(MALFORMED_JSON)),
                Tuple.of(1, jsonValues().map(HostileValues::write)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(1, Arbitraries.integers().between(10, 5_000).map(depth -> "[".repeat(depth) + "]".repeat(depth))),
                Tuple.of(1, Combinators.combine(Arbitraries.of(fields), huge())
                        .as((field, value) -> write(Map.of(field, value)))));
    }

    private static List<String> withExtra(List<String> fields) {
        List<String> names = new ArrayList<>(fields);
        names.add("__proto__");
        names.add("@class");
        return names;
    }

    static final List<String> MALFORMED_JSON = List.of("{", "}", "[", "{\"name\":", "{\"name\" \"x\"}", "{'name':'x'}",
            "{\"a\":1}}", "{\"a\":1,}", "nul", "tru", "\u0000", "{\"name\":\"\u0000\"}", "{\"name\":\"\\u0000\"}",
            "{\"name\":\"\\ud800\"}", "{\"url\":\"\\u2028\"}", "{\"name\":\"x\" /* c */}", "{\"a\":NaN}", "{\"a\":01}",
            "\ufeff{}", "{\"a\":\"" + "\\".repeat(3) + "\"}", "{\"a\":1e999999}", "{\"eventTypes\":\"token.revoked\"}",
            "{\"enabled\":\"yes\"}", "{\"eventTypes\":[null]}", "{\"eventTypes\":[]}", "{\"eventTypes\":[[]]}",
            "{\"name\":" + "9".repeat(2000) + "}", "{\"" + "k".repeat(60_000) + "\":1}");

    /** A form body: the route's fields with hostile values, garbage, or a huge form. */
    static Arbitrary<String> formBodies(List<String> fields) {
        Arbitrary<String> shaped = Arbitraries.subsetOf(fields).flatMap(chosen -> {
            List<String> names = new ArrayList<>(chosen);
            return offlineStrings().list().ofSize(names.size()).map(values -> {
                StringBuilder form = new StringBuilder();
                for (int i = 0; i < names.size(); i++) {
                    form.append(i == 0 ? "" : "&").append(names.get(i)).append('=').append(formEncode(values.get(i)));
                }
                return form.toString();
            });
        });
        return Arbitraries.frequencyOf(
                Tuple.of(6, shaped),
                Tuple.of(2, Arbitraries.of("=", "&&&", "a=%", "a=%zz", "%=%", "a=%00", "a=%C0%AF", "a", "=&=&=")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(1, huge().map(value -> "token=" + formEncode(value))));
    }

    /** A path segment: the value percent-encoded byte for byte, so the request target stays a legal URI. */
    static String segment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return encoded.toString();
    }

    static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Spellings that could mean one path to a filter and another to routing, legal in a URI. */
    static final List<String> SEGMENT_TRICKS = List.of(";x=y", ";", "..", ".", "%2e%2e", "%2E", "%2F", "a%2Fb", "%5C",
            "%61cc_01JZZZZZZZZZZZZZZZZZZZZZZZ", "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ;jsessionid=x", "%3B", "%25", "%2500", "", "a/..",
            "x%00y", "%0d%0aX-Injected:%20yes", "%E2%80%A8", "%C0%AE%C0%AE", "%F0%9F%98%80");

    /** Cursors no page gave out: random bytes, base64 of hostile text, ids of the wrong kind, garbage. */
    static Arbitrary<String> cursors() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(bytes -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)),
                offlineShortStrings().map(s -> Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.of("acc_01JZZZZZZZZZZZZZZZZZZZZZZZ", "dlv_01JZZZZZZZZZZZZZZZZZZZZZZZ", "acc_x\u0000", "' or 1=1 --")
                        .map(s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))),
                offlineShortStrings());
    }

    static Arbitrary<String> limits() {
        return Arbitraries.oneOf(
                Arbitraries.of("-1", "0", "101", "100000", "2147483648", "99999999999999999999", "-2147483649", "1e3", "1.5",
                        " 5", "5 ", "+5", "0x10", "abc", "", "NaN", "٣", "1,2"),
                Arbitraries.integers().map(String::valueOf),
                offlineShortStrings());
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Header-safe garbage: printable ASCII only, as an HTTP client can send it. */
    static Arbitrary<String> headerValues() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200)
                .map(String::strip);
    }
}
