package dev.mooring.kernel.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for every URL a caller can influence (webhook URLs, Bluesky {@code did:web}
 * documents, PDS endpoints named in DID documents): https only, and never an address that
 * {@link AddressRules} forbids. Two exceptions: hosts the operator lists (a PDS self-hosted inside
 * the network, reachable at any address and over plain http), and on a developer's machine webhook
 * receivers on loopback. Operator-configured platform URLs are not subject to it.
 *
 * <p>Checking happens in two steps so that nothing is resolved twice: {@link #permit} checks the URL
 * without any lookup (scheme, host spelling, literal addresses), and {@link #addresses} resolves a
 * name once and checks every address; a connector connects to exactly those addresses, so a DNS
 * answer that changes in between (rebinding) reaches nothing. The lookup itself is the
 * {@link Resolver} given by the application: this class does no I/O.
 */
public final class OutboundPolicy {

    /** What a URL is for: the development exception covers webhooks only. */
    public enum Use { WEBHOOK, IDENTITY }

    /** Name to addresses; {@code InetAddress::getAllByName} in the application. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A host the operator allows at any address; {@code port} -1 means any port. */
    private record AllowedHost(String host, int port) {
    }

    private final List<AllowedHost> allowed;
    private final boolean localWebhooks;
    private final Resolver resolver;

    /**
     * @param allowedHosts  comma-separated {@code host[:port]} reachable at any address, over http too
     * @param localWebhooks whether webhook URLs on this machine (localhost, 127.x, [::1]) are allowed,
     *                      over http too: the embedded default's development exception
     */
    public OutboundPolicy(String allowedHosts, boolean localWebhooks, Resolver resolver) {
        this.allowed = parse(allowedHosts);
        this.localWebhooks = localWebhooks;
        this.resolver = resolver;
    }

    private static List<AllowedHost> parse(String hosts) {
        List<AllowedHost> parsed = new ArrayList<>();
        if (hosts == null) {
            return parsed;
        }
        for (String entry : hosts.split(",")) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            URI uri = URI.create("//" + text);
            if (uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("not a host or host:port: " + text);
            }
            parsed.add(new AllowedHost(AddressRules.normalize(uri.getHost()), uri.getPort()));
        }
        return List.copyOf(parsed);
    }

    public boolean localWebhooks() {
        return localWebhooks;
    }

    /**
     * The URL's own rules, with no lookup: http(s) with a host, https unless an exception covers
     * the host, and a literal address must be allowed.
     *
     * @throws OutboundRefused when the URL may not be reached
     */
    public void permit(URI url, Use use) {
        String host = hostOf(url);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new OutboundRefused(host == null ? "a URL without a host" : host, "only https URLs are allowed");
        }
        if (url.getHost() == null) {
            // java.net.URI reads 127.1 or 2130706433:80 as no host at all; what clients would make of it is theirs
            literal(host).ifPresent(address -> refuseForbidden(host, address));
            throw new OutboundRefused(host, "not a valid host name or address");
        }
        String name = AddressRules.normalize(host);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        Optional<AllowedHost> listed = allowed.stream().filter(a -> a.host().equals(name)).findFirst();
        if (listed.isPresent()) {
            if (listed.get().port() != -1 && listed.get().port() != port) {
                // otherwise an allowed internal host would be open on every port
                throw new OutboundRefused(host, "allowed only on port " + listed.get().port());
            }
            return;
        }
        Optional<InetAddress> literal = literal(host);
        if (use == Use.WEBHOOK && localWebhooks && isLocal(name, literal)) {
            return;
        }
        if (literal.isPresent()) {
            refuseForbidden(host, literal.get());
            if (literal.get().getAddress().length == 4 && !AddressRules.canonicalIpv4(name)) {
                throw new OutboundRefused(host, "an IPv4 address must be written as four decimal numbers");
            }
        } else if (name.equals("localhost") || name.endsWith(".localhost")) {
            throw new OutboundRefused(host, AddressRules.Rule.LOOPBACK.text()); // RFC 6761: never asked of DNS
        }
        if (!scheme.equals("https")) {
            throw new OutboundRefused(host, "only https URLs are allowed");
        }
    }

    /**
     * The addresses to connect to for a host of a {@link #permit permitted} URL: resolved once, each
     * one checked. Connect to these and to nothing else.
     *
     * @throws OutboundRefused      when any address the name has is forbidden
     * @throws UnknownHostException when the name does not resolve
     */
    public InetAddress[] addresses(String host, Use use) throws UnknownHostException {
        String name = AddressRules.normalize(host);
        Optional<InetAddress> literal = literal(host);
        InetAddress[] found = literal.isPresent() ? new InetAddress[]{literal.get()} : resolver.resolve(name);
        if (allowed.stream().anyMatch(a -> a.host().equals(name))) {
            return found;
        }
        boolean local = use == Use.WEBHOOK && localWebhooks && isLocal(name, literal);
        for (InetAddress address : found) {
            if (local) {
                if (!address.isLoopbackAddress()) {
                    throw new OutboundRefused(host, "localhost must be a loopback address");
                }
            } else {
                refuseForbidden(host, address);
            }
        }
        return found;
    }

    /**
     * Both steps, for a URL stored now and fetched later (a webhook URL): refused when it breaks a
     * rule or its name resolves to any forbidden address now. A name that does not resolve yet
     * passes; every delivery checks again.
     */
    public void check(URI url, Use use) {
        permit(url, use);
        try {
            addresses(url.getHost(), use);
        } catch (UnknownHostException notYet) {
            // checked again at every use
        }
    }

    /** The host, also where {@link URI#getHost} gives up (numeric spellings it does not take for a host). */
    private static String hostOf(URI url) {
        if (url.getHost() != null) {
            return url.getHost();
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            return hostPort.substring(0, hostPort.indexOf(']') + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private static void refuseForbidden(String host, InetAddress address) {
        Optional<AddressRules.Rule> rule = AddressRules.forbidden(address);
        if (rule.isPresent()) {
            throw new OutboundRefused(host, rule.get().text());
        }
    }

    private static Optional<InetAddress> literal(String host) {
        try {
            return AddressRules.literal(host);
        } catch (IllegalArgumentException e) {
            throw new OutboundRefused(host, "not a valid host name or address");
        }
    }

    private static boolean isLocal(String name, Optional<InetAddress> literal) {
        return literal.map(InetAddress::isLoopbackAddress).orElse(name.equals("localhost"));
    }
}
