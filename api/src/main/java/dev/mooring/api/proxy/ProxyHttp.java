package dev.mooring.api.proxy;

import dev.mooring.kernel.outbound.OutboundPolicy;
import io.netty.channel.ChannelOption;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The proxy's HTTP clients: non-blocking, streaming, HTTP/1.1, no redirects followed, no cookies,
 * no compression asked for (so the caller gets the platform's bytes as they are), and the
 * configured timeouts. Calls to a base a user chose (a Bluesky PDS) go through a second client
 * whose name lookups are the {@link OutboundPolicy}'s: it connects only to addresses the policy
 * resolved and checked. Each request is timed for {@link ProxyMetrics}.
 */
@Component
class ProxyHttp implements DisposableBean {

    private final ConnectionProvider connections;
    private final WebClient configured;
    private final WebClient guarded;

    ProxyHttp(ProxyProperties settings, OutboundPolicy policy, ProxyMetrics metrics) {
        this.connections = ConnectionProvider.builder("mooring-proxy").build();
        this.configured = client(settings, connections, null, metrics);
        this.guarded = client(settings, connections, new PolicyResolvers(policy), metrics);
    }

    WebClient configured() {
        return configured;
    }

    WebClient guarded() {
        return guarded;
    }

    @Override
    public void destroy() {
        connections.dispose();
    }

    private static WebClient client(ProxyProperties settings, ConnectionProvider connections, AddressResolverGroup<InetSocketAddress> resolvers,
                                    ProxyMetrics metrics) {
        HttpClient http = HttpClient.create(connections)
                .protocol(HttpProtocol.HTTP11)
                .followRedirect(false)
                .compress(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.responseTimeout());
        if (resolvers != null) {
            http = http.resolver(resolvers);
        }
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).filter(metrics.upstreamTimer()).build();
    }

    /** Name lookups by the outbound policy: one resolution, every address checked (no rebinding in between). */
    private static final class PolicyResolvers extends AddressResolverGroup<InetSocketAddress> {

        private final OutboundPolicy policy;

        PolicyResolvers(OutboundPolicy policy) {
            this.policy = policy;
        }

        @Override
        protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
            return new InetSocketAddressResolver(executor, new InetNameResolver(executor) {
                @Override
                protected void doResolve(String host, Promise<InetAddress> promise) {
                    try {
                        promise.setSuccess(policy.addresses(host, OutboundPolicy.Use.IDENTITY)[0]);
                    } catch (Exception refused) {
                        promise.setFailure(refused);
                    }
                }

                @Override
                protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                    try {
                        promise.setSuccess(Arrays.asList(policy.addresses(host, OutboundPolicy.Use.IDENTITY)));
                    } catch (Exception refused) {
                        promise.setFailure(refused);
                    }
                }
            });
        }
    }
}
