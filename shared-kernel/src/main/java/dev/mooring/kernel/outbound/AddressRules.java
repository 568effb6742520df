package dev.mooring.kernel.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses a caller-chosen URL may never reach, and how a URL's host text becomes an
 * address. Pure: it reads bytes and strings and never looks anything up, so it can sit in the
 * shared kernel and be tested without traffic.
 */
public final class AddressRules {

    /** Why an address is refused; {@link #text} is safe to show the caller. */
    public enum Rule {
        LOOPBACK("a loopback address"),
        LINK_LOCAL("a link-local address"),
        PRIVATE("a private address"),
        CARRIER_GRADE_NAT("a carrier-grade NAT address"),
        UNIQUE_LOCAL("a unique local IPv6 address"),
        MULTICAST("a multicast address"),
        UNSPECIFIED("the unspecified address"),
        BROADCAST("the broadcast address"),
        RESERVED("a reserved address");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private AddressRules() {
    }

    /** The rule that forbids this address, or empty when it is an ordinary public unicast address. */
    public static Optional<Rule> forbidden(InetAddress address) {
        byte[] bytes = address.getAddress();
        return Optional.ofNullable(bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes));
    }

    private static Rule ipv4(byte[] b, int at) {
        int a = b[at] & 0xff, c = b[at + 1] & 0xff, d = b[at + 2] & 0xff, e = b[at + 3] & 0xff;
        if (a == 0) {
            return (c | d | e) == 0 ? Rule.UNSPECIFIED : Rule.RESERVED; // 0/8 "this network"
        }
        if (a == 127) {
            return Rule.LOOPBACK;
        }
        if (a == 10 || a == 172 && (c & 0xf0) == 16 || a == 192 && c == 168) {
            return Rule.PRIVATE;
        }
        if (a == 100 && (c & 0xc0) == 64) {
            return Rule.CARRIER_GRADE_NAT;
        }
        if (a == 169 && c == 254) {
            return Rule.LINK_LOCAL;
        }
        if (a >= 224 && a <= 239) {
            return Rule.MULTICAST;
        }
        if ((a & c & d & e) == 255) {
            return Rule.BROADCAST;
        }
        boolean reserved = a >= 240
                || a == 192 && c == 0 && (d == 0 || d == 2)        // IETF protocol assignments, TEST-NET-1
                || a == 192 && c == 88 && d == 99                  // 6to4 relay anycast (retired)
                || a == 198 && (c & 0xfe) == 18                    // benchmarking
                || a == 198 && c == 51 && d == 100                 // TEST-NET-2
                || a == 203 && c == 0 && d == 113;                 // TEST-NET-3
        return reserved ? Rule.RESERVED : null;
    }

    private static Rule ipv6(byte[] b) {
        if (zeros(b, 0, 15)) {
            return b[15] == 0 ? Rule.UNSPECIFIED : b[15] == 1 ? Rule.LOOPBACK : Rule.RESERVED;
        }
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ipv4(b, 12); // IPv4-mapped: the IPv4 address is what a dual-stack socket reaches
        }
        if (zeros(b, 0, 12)) {
            Rule embedded = ipv4(b, 12); // IPv4-compatible (deprecated): never a legitimate target
            return embedded != null ? embedded : Rule.RESERVED;
        }
        int first = b[0] & 0xff, second = b[1] & 0xff;
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            // NAT64: 64:ff9b::/96 translates to the embedded IPv4 address; 64:ff9b:1::/48 is local use
            return zeros(b, 4, 12) ? ipv4(b, 12) : Rule.RESERVED;
        }
        if ((first & 0xfe) == 0xfc) {
            return Rule.UNIQUE_LOCAL;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Rule.LINK_LOCAL;
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Rule.PRIVATE; // site-local (deprecated)
        }
        if (first == 0xff) {
            return Rule.MULTICAST;
        }
        if (first == 0x20 && second == 0x02) {
            return ipv4(b, 2); // 6to4 carries an IPv4 address that relays may deliver to
        }
        if (first == 0x20 && second == 0x01 && ((b[2] & 0xfe) == 0 || (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8)) {
            return Rule.RESERVED; // 2001::/23 protocol assignments (Teredo among them), 2001:db8::/32 documentation
        }
        if (first == 0x3f && (second & 0xf0) == 0xf0) {
            return Rule.RESERVED; // 3fff::/20 documentation
        }
        return (first & 0xe0) == 0x20 ? null : Rule.RESERVED; // only 2000::/3 is global unicast
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address a URL host names literally, or empty for a DNS name. IPv6 comes in brackets;
     * IPv4 is read the way the C library's {@code inet_aton} (and so curl, browsers and most
     * clients) reads it: one to four parts, each decimal, octal ({@code 0177}) or hex ({@code 0x7f}),
     * so {@code 2130706433}, {@code 0x7f000001}, {@code 127.1} and {@code 0177.0.0.1} are all
     * 127.0.0.1. A host whose last label is a number but that is no such address is refused: a
     * resolver would treat it differently from us.
     *
     * @throws IllegalArgumentException for a host that is neither a valid literal nor a DNS name
     */
    public static Optional<InetAddress> literal(String host) {
        String name = normalize(host);
        if (name.startsWith("[") || name.indexOf(':') >= 0) {
            return Optional.of(ipv6(name));
        }
        if (!endsInNumber(name)) {
            return Optional.empty();
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 4) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i]);
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                throw new IllegalArgumentException("not an IPv4 address");
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes)); // builds a value from bytes; no lookup
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether an IPv4 literal is written the one unambiguous way: four decimal parts, no leading zeros. */
    public static boolean canonicalIpv4(String host) {
        return normalize(host).matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    }

    /** Lower case, without the trailing dot of a fully qualified name. */
    public static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    private static InetAddress ipv6(String name) {
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        // hex digits, colons and dots only: a zone id (%eth0) or anything else could send Java looking it up
        if (bare.isEmpty() || !bare.matches("[0-9a-f:.]+")) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        try {
            // in brackets Java parses the literal or fails; it never falls back to a DNS lookup
            return InetAddress.getByName("[" + bare + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
    }

    /** The URL standard's test: a host whose last label is a number is meant as an IPv4 address. */
    private static boolean endsInNumber(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        return last.matches("[0-9]+") || last.matches("0x[0-9a-f]*");
    }

    private static long number(String part) {
        if (!part.matches("[0-9]+|0x[0-9a-f]*")) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        String digits;
        int radix;
        if (part.startsWith("0x")) {
            digits = part.substring(2);
            radix = 16;
            if (digits.isEmpty()) {
                return 0; // inet_aton reads a bare "0x" as zero
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            digits = part.substring(1);
            radix = 8;
        } else {
            digits = part;
            radix = 10;
        }
        if (digits.isEmpty() || digits.length() > 12) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
    }
}
