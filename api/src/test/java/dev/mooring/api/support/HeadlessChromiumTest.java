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
 * within a few milliseconds with a page of the other host, so the wait's commands keep meeting a
 * navigation, which Chrome answers with "aborted by navigation" (or "Node with given id does not
 * belong to the document") rather than "no such element". It is a race: the old wait, which gave up
 * on those, failed this test in 2 runs of 6, so a run that passes does not prove a wait right.
 */
class HeadlessChromiumTest {

    private static final long HOPPING_MILLIS = 6_000;

    @RegisterExtension
    static final HeadlessChromium browser = HeadlessChromium.perClass();

    /** Two hosts, so each hop is to another site, as from Mooring to a platform's consent page and back. */
    private HttpServer here;
    private HttpServer there;
    private final AtomicLong firstHop = new AtomicLong();
    private final AtomicInteger hops = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        here = started("127.0.0.1");
        there = started("127.0.0.2"); // Linux routes all of 127.0.0.0/8 to the loopback
    }

    private HttpServer started(String address) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        server.createContext("/", this::page);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        here.stop(0);
        there.stop(0);
    }

    @Test
    void anElementFoundOnAPageANavigationReplacesIsLookedForAgainOnTheNext() {
        browser.open(origin(here) + "/hop");

        assertThat(browser.waitForVisible(By.id("note")).getText()).isEqualTo("arrived");
        assertThat(hops.get()).as("the wait went through many replaced pages").isGreaterThan(20);
    }

    private static String origin(HttpServer server) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** For the first seconds a page that hides the element and goes to the other host; then the page that shows it. */
    private void page(HttpExchange exchange) throws IOException {
        HttpServer other = exchange.getLocalAddress().equals(here.getAddress()) ? there : here;
        long now = System.currentTimeMillis();
        firstHop.compareAndSet(0, now);
        boolean arrived = now - firstHop.get() > HOPPING_MILLIS;
        String html = arrived
                ? "<!DOCTYPE html><title>arrived</title><p id=\"note\">arrived</p>"
                : "<!DOCTYPE html><title>hop</title><p id=\"note\" hidden>hop " + hops.incrementAndGet() + "</p>"
                        + "<script>setTimeout(() => location.replace('" + origin(other) + "/hop?' + Date.now()),"
                        + " Math.random() * 20)</script>";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
