package dev.mooring.kernel.outbound;

import dev.mooring.kernel.outbound.AddressRules.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The address classification, on values built from bytes and literals only: nothing here is
 * resolved or contacted.
 */
class AddressRulesTest {

    private static InetAddress v4(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[]{(byte) a, (byte) b, (byte) c, (byte) d});
    }

    private static InetAddress v6(int... words) throws UnknownHostException {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (words[i] >>> 8);
            bytes[2 * i + 1] = (byte) words[i];
        }
        return InetAddress.getByAddress(bytes);
    }

    /** A literal in brackets is parsed by Java or refused; it is never looked up. */
    private static InetAddress literal(String text) {
        return AddressRules.literal(text).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK", "[::1], LOOPBACK",
            "169.254.169.254, LINK_LOCAL", "169.254.0.1, LINK_LOCAL", "[fe80::1], LINK_LOCAL", "[febf:ffff::1], LINK_LOCAL",
            "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE", "[fec0::1], PRIVATE",
            "100.64.0.1, CARRIER_GRADE_NAT", "100.127.255.255, CARRIER_GRADE_NAT",
            "[fc00::1], UNIQUE_LOCAL", "[fd12:3456:789a::1], UNIQUE_LOCAL",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "[ff02::1], MULTICAST", "[ff0e::1], MULTICAST",
            "0.0.0.0, UNSPECIFIED", "[::], UNSPECIFIED",
            "255.255.255.255, BROADCAST",
            "0.1.2.3, RESERVED", "240.0.0.1, RESERVED", "192.0.2.1, RESERVED", "198.18.0.1, RESERVED",
            "198.51.100.7, RESERVED", "203.0.113.9, RESERVED", "192.0.0.8, RESERVED", "[2001:db8::1], RESERVED",
            "[2001::1], RESERVED", "[100::1], RESERVED", "[3fff::1], RESERVED",
            // IPv4 inside IPv6: the embedded address decides
            "[::ffff:127.0.0.1], LOOPBACK", "[::ffff:7f00:1], LOOPBACK", "[::ffff:169.254.169.254], LINK_LOCAL",
            "[::ffff:10.1.2.3], PRIVATE", "[::ffff:100.64.1.1], CARRIER_GRADE_NAT", "[::ffff:0.0.0.0], UNSPECIFIED",
            "[::127.0.0.1], LOOPBACK", "[::10.0.0.1], PRIVATE", "[::8.8.8.8], RESERVED",
            "[64:ff9b::127.0.0.1], LOOPBACK", "[64:ff9b::a9fe:a9fe], LINK_LOCAL", "[2002:7f00:1::], LOOPBACK",
            "[2002:c0a8:101::1], PRIVATE",
    })
    void forbidden(String literal, Rule rule) {
        assertThat(AddressRules.forbidden(literal(literal))).as(literal).contains(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
            "169.253.255.255", "192.167.1.1", "223.255.255.255", "[2606:4700::1111]", "[2a00:1450:4001::200e]",
            "[::ffff:8.8.8.8]", "[64:ff9b::808:808]", "[2002:808:808::1]"})
    void allowed(String literal) {
        assertThat(AddressRules.forbidden(literal(literal))).as(literal).isEmpty();
    }

    @Test
    void addressesBuiltFromBytesAreClassifiedTheSame() throws Exception {
        assertThat(AddressRules.forbidden(v4(127, 0, 0, 1))).contains(Rule.LOOPBACK);
        assertThat(AddressRules.forbidden(v4(169, 254, 169, 254))).contains(Rule.LINK_LOCAL);
        assertThat(AddressRules.forbidden(v4(172, 20, 0, 1))).contains(Rule.PRIVATE);
        assertThat(AddressRules.forbidden(v4(100, 100, 100, 100))).contains(Rule.CARRIER_GRADE_NAT);
        assertThat(AddressRules.forbidden(v6(0xfe80, 0, 0, 0, 0, 0, 0, 1))).contains(Rule.LINK_LOCAL);
        assertThat(AddressRules.forbidden(v6(0xfd00, 0, 0, 0, 0, 0, 0, 1))).contains(Rule.UNIQUE_LOCAL);
        assertThat(AddressRules.forbidden(v6(0, 0, 0, 0, 0, 0, 0, 1))).contains(Rule.LOOPBACK);
        assertThat(AddressRules.forbidden(v6(0, 0, 0, 0, 0, 0, 0, 0))).contains(Rule.UNSPECIFIED);
        // Java turns a mapped address into the IPv4 one; compatible ones stay IPv6 and are caught too
        assertThat(AddressRules.forbidden(v6(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1))).contains(Rule.LOOPBACK);
        assertThat(AddressRules.forbidden(v6(0, 0, 0, 0, 0, 0, 0xa9fe, 0xa9fe))).contains(Rule.LINK_LOCAL);
        assertThat(AddressRules.forbidden(v6(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2130706433, 127.0.0.1", "0x7f000001, 127.0.0.1", "0X7F000001, 127.0.0.1", "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "0177.1, 127.0.0.1", "0x7f.0.0.1, 127.0.0.1",
            "0x7f.1, 127.0.0.1", "017700000001, 127.0.0.1", "0, 0.0.0.0", "0x0, 0.0.0.0", "127.0.0.1., 127.0.0.1",
            "3232235777, 192.168.1.1", "0xa9fea9fe, 169.254.169.254", "010.0.0.1, 8.0.0.1", "1.2.3.4, 1.2.3.4"})
    void oddIpv4SpellingsAreReadAsTheCLibraryReadsThem(String host, String address) throws Exception {
        assertThat(AddressRules.literal(host)).as(host).contains(InetAddress.getByName(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "127.0.0.256", "127.16777216", "4294967296", "08.0.0.1",
            "1..1", "+1.2.3.4", "example.123", "[fe80::1%25eth0]", "[::1%lo]", "[::zz]", "[]",
            "[1.2.3.4]"})
    void malformedNumericHostsAreRefusedRatherThanLookedUp(String host) {
        assertThatThrownBy(() -> AddressRules.literal(host)).as(host).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "hooks.example", "localhost", "0x.example", "123.example", "pds.1a", "0x7g000001"})
    void namesAreNoLiterals(String host) {
        assertThat(AddressRules.literal(host)).as(host).isEmpty();
    }

    @Test
    void onlyPlainDottedDecimalIsCanonical() {
        assertThat(AddressRules.canonicalIpv4("8.8.8.8")).isTrue();
        assertThat(AddressRules.canonicalIpv4("0.0.0.0")).isTrue();
        for (String odd : new String[]{"134744072", "0x08080808", "8.8.2056", "010.8.8.8"}) {
            assertThat(AddressRules.canonicalIpv4(odd)).as(odd).isFalse();
        }
    }
}
