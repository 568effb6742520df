package dev.mooring.api.keepalive;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServer;

/**
 * Keeps a keep-alive connection reading its next request. Reactor Netty (1.2.11 here; 1.2.18 and 1.3.7
 * too: reactor/reactor-netty#4361) reads a connection only when asked, and asks again once an answer
 * is finished. A client that has the whole of an answer with a {@code Content-Length} (a static file,
 * a proxied platform answer) may send its next request before the server has finished that answer;
 * Reactor Netty then holds the request and what follows it in a queue. When it takes them from the
 * queue and the route answers at once (a 401 from the gate, a redirect), the answer finishes while the
 * rest of the request is still queued, and nothing asks for the next read: the connection's following
 * request is never read and waits for the client's timeout. {@code /swagger-ui/index.html}, then
 * {@code /v1/accounts} without a key, then {@code /docs} on one connection hung that way about one time
 * in seven.
 *
 * <p>Request content that reaches Reactor Netty's bridge with no exchange left to take it is the sign:
 * the request it belongs to is answered, so this handler asks for the next read, as Reactor Netty does
 * itself for content that arrives after an answer. An extra read is harmless where Reactor Netty asks
 * as well. (That path also leaves an idle timeout unarmed; Mooring sets none.) Installed only where
 * Reactor Netty's HTTP/1.1 handlers are in place when the connection opens; drop it once Reactor
 * Netty carries the fix for #4361.
 */
@Component
public class KeepAliveReads implements NettyServerCustomizer {

    private static final String NAME = "mooring.keepAliveReads";
    private static final ReadAfterAnsweredRequest HANDLER = new ReadAfterAnsweredRequest();

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null
                    && channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
                channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, NAME, HANDLER);
            }
        });
    }

    @ChannelHandler.Sharable
    static final class ReadAfterAnsweredRequest extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean answeredAlready = msg instanceof HttpContent && !(msg instanceof HttpRequest)
                    && ChannelOperations.get(ctx.channel()) == null;
            ctx.fireChannelRead(msg);
            if (answeredAlready && ctx.channel().isActive()) {
                ctx.read();
            }
        }
    }
}
