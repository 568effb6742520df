package dev.mooring.kernel.outbound;

import dev.mooring.kernel.outbound.OutboundPolicy.Use;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URL rules over a fake resolver: names resolve from a map, nothing is looked up or contacted. */
class OutboundPolicyTest {

    private final List<String> lookups = new ArrayList<>();
    private final Map<String, String> dns = Map.of(
            "hooks.example", "93.184.215.14",
            "rebind.example", "10.0.0.7",
            "mixed.example", "93.184.215.14,127.0.0.1",
            "pds.internal", "192.168.1.20",
            "localhost", "127.0.0.1,::1");

    private InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.add(host);
        String addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> found = new ArrayList<>();
        for (String literal : addresses.split(",")) {
            found.add(AddressRules.literal(literal.contains(":") ? "[" + literal + "]" : literal).orElseThrow());
        }
        return found.toArray(InetAddress[]::new);
    }

    private OutboundPolicy production() {
        return new OutboundPolicy("", false, this::resolve);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "https://127.0.0.1/", "https://localhost/", "https://LOCALHOST./x",
            "https://app.localhost/", "https://0.0.0.0/", "https://2130706433/", "https://0x7f000001/", "https://127.1/",
            "https://0177.0.0.1/", "https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/",
            "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/", "https://100.64.0.1/", "https://[fd00::1]/",
            "https://[fe80::1]/", "https://224.0.0.1/", "https://255.255.255.255/", "https://134744072/",
            "http://hooks.example/", "ftp://hooks.example/", "file:///etc/passwd", "https://256.1.1.1/"})
    void productionRefusesWithoutLookingAnythingUp(String url) {
        assertThatThrownBy(() -> production().permit(URI.create(url), Use.WEBHOOK)).as(url).isInstanceOf(OutboundRefused.class);
        assertThat(lookups).isEmpty();
    }

    @Test
    void theRefusalNamesTheHostAndTheRule() {
        assertThatThrownBy(() -> production().permit(URI.create("https://0x7f000001:8080/x"), Use.IDENTITY))
                .hasMessage("Mooring does not connect to 0x7f000001: a loopback address");
        assertThatThrownBy(() -> production().permit(URI.create("http://hooks.example/x"), Use.WEBHOOK))
                .hasMessage("Mooring does not connect to hooks.example: only https URLs are allowed");
        assertThatThrownBy(() -> production().permit(URI.create("https://0x08080808/"), Use.WEBHOOK))
                .hasMessage("Mooring does not connect to 0x08080808: an IPv4 address must be written as four decimal numbers");
        // java.net.URI finds no host in these; they are read all the same
        assertThatThrownBy(() -> production().permit(URI.create("https://127.1:8443/"), Use.WEBHOOK))
                .hasMessage("Mooring does not connect to 127.1: a loopback address");
        assertThatThrownBy(() -> production().permit(URI.create("https://8.8.2056/"), Use.WEBHOOK))
                .hasMessage("Mooring does not connect to 8.8.2056: not a valid host name or address");
    }

    @Test
    void aNameIsResolvedOnceAndEveryAddressChecked() throws Exception {
        OutboundPolicy policy = production();

        assertThat(policy.addresses("hooks.example", Use.WEBHOOK)).containsExactly(InetAddress.getByName("93.184.215.14"));
        assertThatThrownBy(() -> policy.addresses("rebind.example", Use.WEBHOOK))
                .hasMessage("Mooring does not connect to rebind.example: a private address");
        assertThatThrownBy(() -> policy.addresses("mixed.example", Use.IDENTITY))
                .hasMessage("Mooring does not connect to mixed.example: a loopback address");
        assertThat(lookups).containsExactly("hooks.example", "rebind.example", "mixed.example");
    }

    @Test
    void checkResolvesNowButLetsANameThatDoesNotResolveYetThrough() {
        OutboundPolicy policy = production();

        assertThatCode(() -> policy.check(URI.create("https://hooks.example/in"), Use.WEBHOOK)).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(URI.create("https://not-yet.example/in"), Use.WEBHOOK)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check(URI.create("https://rebind.example/in"), Use.WEBHOOK))
                .isInstanceOf(OutboundRefused.class);
    }

    @Test
    void allowedHostsAreReachableAtAnyAddressOverHttpToo() throws Exception {
        OutboundPolicy policy = new OutboundPolicy(" pds.internal:2583 , 127.0.0.1 ", false, this::resolve);

        assertThatCode(() -> policy.permit(URI.create("http://pds.internal:2583/xrpc"), Use.IDENTITY)).doesNotThrowAnyException();
        assertThat(policy.addresses("pds.internal", Use.IDENTITY)).containsExactly(InetAddress.getByName("192.168.1.20"));
        assertThatCode(() -> policy.permit(URI.create("http://127.0.0.1:9/"), Use.IDENTITY)).doesNotThrowAnyException();
        // a listed port is the only one: an internal host is not opened on every port
        assertThatThrownBy(() -> policy.permit(URI.create("https://pds.internal/xrpc"), Use.IDENTITY))
                .hasMessage("Mooring does not connect to pds.internal: allowed only on port 2583");
        // other loopback spellings are other hosts
        assertThatThrownBy(() -> policy.permit(URI.create("https://127.1/"), Use.IDENTITY)).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> policy.addresses("localhost", Use.IDENTITY)).isInstanceOf(OutboundRefused.class);
    }

    @Test
    void theDevelopmentExceptionCoversWebhooksToThisMachineOnly() throws Exception {
        OutboundPolicy dev = new OutboundPolicy("", true, this::resolve);

        for (String url : new String[]{"http://localhost:8000/hook", "http://127.0.0.1/hook", "http://127.1.2.3:1/x",
                "http://[::1]:9000/hook", "https://localhost/hook"}) {
            assertThatCode(() -> dev.check(URI.create(url), Use.WEBHOOK)).as(url).doesNotThrowAnyException();
        }
        assertThat(dev.addresses("localhost", Use.WEBHOOK)).allMatch(InetAddress::isLoopbackAddress);
        assertThatThrownBy(() -> dev.permit(URI.create("http://hooks.example/x"), Use.WEBHOOK)).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> dev.permit(URI.create("http://localhost.hooks.example/x"), Use.WEBHOOK)).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> dev.permit(URI.create("https://10.0.0.1/x"), Use.WEBHOOK)).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> dev.check(URI.create("https://rebind.example/x"), Use.WEBHOOK)).isInstanceOf(OutboundRefused.class);
        // Bluesky identities never get it
        assertThatThrownBy(() -> dev.permit(URI.create("http://localhost:2583/"), Use.IDENTITY)).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> dev.addresses("localhost", Use.IDENTITY)).isInstanceOf(OutboundRefused.class);
    }

    @Test
    void aMalformedAllowedHostIsRefusedAtStart() {
        assertThatThrownBy(() -> new OutboundPolicy("https://pds.internal/x", false, this::resolve))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
