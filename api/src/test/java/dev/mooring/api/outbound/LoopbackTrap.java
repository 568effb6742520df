package dev.mooring.api.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on loopback that only records: every connection made to it is counted and closed.
 * It listens on 127.0.0.1 and, where the machine has IPv6, on [::1] at the same port, so every
 * loopback spelling of its address would reach it.
 */
final class LoopbackTrap implements AutoCloseable {

    private final List<ServerSocket> sockets = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private LoopbackTrap() {
    }

    static LoopbackTrap start() {
        LoopbackTrap trap = new LoopbackTrap();
        try {
            ServerSocket v4 = new ServerSocket();
            v4.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), 0));
            trap.listen(v4);
            try {
                ServerSocket v6 = new ServerSocket();
                v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.getLocalPort()));
                trap.listen(v6);
            } catch (IOException noIpv6) {
                // [::1] then reaches nothing at all, which is no connection either
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return trap;
    }

    private void listen(ServerSocket socket) {
        sockets.add(socket);
        Thread accepter = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "loopback-trap");
        accepter.setDaemon(true);
        accepter.start();
    }

    int port() {
        return sockets.get(0).getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }
}
