package dev.mooring.kernel.outbound;

/**
 * A URL the outbound policy will not let Mooring reach. The message names the URL's host and the
 * rule, never anything learnt by trying it, so refusals tell a caller nothing about what listens
 * behind an address.
 */
public class OutboundRefused extends RuntimeException {

    private final String host;
    private final String rule;

    public OutboundRefused(String host, String rule) {
        super("Mooring does not connect to " + host + ": " + rule, null, false, false);
        this.host = host;
        this.rule = rule;
    }

    public String host() {
        return host;
    }

    public String rule() {
        return rule;
    }
}
