package dev.mooring.query.webhooks;

import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The webhook client's name lookup: the {@link OutboundPolicy} resolves once and checks every
 * address, and the client connects to exactly those. A refusal travels as an
 * {@link UnknownHostException} through the client and is recognised again by the dispatcher.
 */
record PolicyResolver(OutboundPolicy policy, OutboundPolicy.Use use) implements DnsResolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
            return policy.addresses(host, use);
        } catch (OutboundRefused refused) {
            throw new Refused(refused);
        }
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host; // only SPNEGO asks; never a reason for another lookup
    }

    static final class Refused extends UnknownHostException {

        private final transient OutboundRefused refusal;

        Refused(OutboundRefused refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }

        OutboundRefused refusal() {
            return refusal;
        }
    }
}
