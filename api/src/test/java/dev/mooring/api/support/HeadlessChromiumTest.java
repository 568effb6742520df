package dev.mooring.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HeadlessChromium#waitForVisible} through a chain of cross-site navigations, as a Connect
 * page's OAuth round trip makes: each page of the chain holds the element hidden and replaces itself
 * within a few milliseconds, between localhost and 127.0.0.1, so the wait's commands keep meeting a
 * navigation, which Chrome answers with "aborted by navigation" (or "Node with given id does not
 * belong to the document") rather than "no such element". The old wait, which gave up on those,
 * failed here in 9 of 23 runs; a race, so not every run of a broken wait fails.
 */
class HeadlessChromiumTest {

    private static final long HOPPING_MILLIS = 6_000;

    @RegisterExtension
    static final HeadlessChromium browser = HeadlessChromium.perClass();

    private HttpServer server;
    private final AtomicLong firstHop = new AtomicLong();
    private final AtomicInteger hops = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::page);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anElementFoundOnAPageANavigationReplacesIsLookedForAgainOnTheNext() {
        browser.open("http://127.0.0.1:" + server.getAddress().getPort() + "/hop");

        assertThat(browser.waitForVisible(By.id("note")).getText()).isEqualTo("arrived");
        assertThat(hops.get()).as("the wait went through many replaced pages").isGreaterThan(20);
    }

    /** For the first seconds a page that hides the element and goes to the other host; then the page that shows it. */
    private void page(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        firstHop.compareAndSet(0, now);
        boolean arrived = now - firstHop.get() > HOPPING_MILLIS;
        String html = arrived
                ? "<!DOCTYPE html><title>arrived</title><p id=\"note\">arrived</p>"
                : "<!DOCTYPE html><title>hop</title><p id=\"note\" hidden>hop " + hops.incrementAndGet() + "</p>"
                        + "<script>setTimeout(() => location.replace('//'"
                        + " + (location.hostname === 'localhost' ? '127.0.0.1' : 'localhost')"
                        + " + ':' + location.port + '/hop?' + Date.now()), Math.random() * 20)</script>";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
