package dev.mooring.command.platform;

import dev.mooring.kernel.outbound.OutboundPolicy;
import dev.mooring.kernel.outbound.OutboundRefused;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The HTTP client for URLs a caller chose (a {@code did:web} document, a PDS named in a DID
 * document): every request passes the {@link OutboundPolicy} first, and the connection goes to the
 * addresses the policy resolved and checked, never to a second lookup's answer. Apache HttpClient
 * connects to what its {@link DnsResolver} returns while TLS (SNI, certificate name) and the
 * {@code Host} header keep the URL's host name, so https works unchanged. No proxy, no redirects,
 * no retries, HTTP/1.1 only, the same timeouts as {@link UpstreamHttp}.
 */
public final class GuardedHttp {

    private GuardedHttp() {
    }

    public static RestClient client(OutboundPolicy policy, OutboundPolicy.Use use) {
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PolicyResolver(policy, use))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(UpstreamHttp.CONNECT_TIMEOUT))
                                .setSocketTimeout(Timeout.of(UpstreamHttp.READ_TIMEOUT))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(UpstreamHttp.READ_TIMEOUT)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        return RestClient.builder()
                .requestFactory(new HttpComponentsClientHttpRequestFactory(http))
                .requestInterceptor((request, body, execution) -> {
                    policy.permit(request.getURI(), use);
                    return execution.execute(request, body);
                })
                .build();
    }

    /** A refusal met while resolving, carried through the client's I/O exception handling. */
    public static final class Refused extends UnknownHostException {

        private final transient OutboundRefused refusal;

        Refused(OutboundRefused refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }

        public OutboundRefused refusal() {
            return refusal;
        }
    }

    /** The refusal behind a failed call, if the policy was what stopped it. */
    public static OutboundRefused refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundRefused refused) {
                return refused;
            }
            if (cause instanceof Refused refused) {
                return refused.refusal();
            }
        }
        return null;
    }

    private record PolicyResolver(OutboundPolicy policy, OutboundPolicy.Use use) implements DnsResolver {

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
    }
}
