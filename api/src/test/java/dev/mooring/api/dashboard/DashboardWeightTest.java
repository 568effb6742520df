package dev.mooring.api.dashboard;

import dev.mooring.api.support.ConnectApi;
import dev.mooring.api.support.HeadlessChromium;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's page weight and time to interactive, as the README quotes them: the bytes of the
 * page and its assets as the browser's resource timing counts them (the API's JSON left out), and the
 * time from navigation start to the accounts table on screen (the mark the page sets when it first
 * draws the table), the median of several loads. Written to {@code target/dashboard-measurement.txt};
 * asserted only against sanity bounds, since the machine is shared.
 */
@MooringTest
class DashboardWeightTest {

    private static final int LOADS = 7;
    private static final long WEIGHT_BOUND = 200 * 1024;
    private static final double INTERACTIVE_BOUND_MILLIS = 10_000;

    @RegisterExtension
    static final HeadlessChromium chromium = HeadlessChromium.perClass();

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;

    @Test
    void theDashboardWeighsLittleAndShowsTheAccountsSoon() throws IOException {
        Tenant tenant = accounts.tenant();
        ConnectApi api = new ConnectApi(http, tenant);
        for (int i = 1; i <= 10; i++) {
            Dashboard.connectSandbox(api, "weight-" + i + "-" + System.nanoTime(), "Account " + i);
        }
        Dashboard dashboard = new Dashboard(chromium, port);
        dashboard.openSignedOut();
        dashboard.signInAndWaitForTheTable(tenant.key());

        List<Double> interactive = new ArrayList<>();
        Map<?, ?> weight = null;
        for (int load = 0; load < LOADS; load++) {
            chromium.driver().navigate().refresh(); // signed in: the key is in this tab's sessionStorage
            dashboard.waitForTable();
            interactive.add(((Number) dashboard.script(
                    "return performance.getEntriesByName('mooring:accounts-rendered')[0].startTime")).doubleValue());
            weight = (Map<?, ?>) dashboard.script("""
                    const assets = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                        .filter(entry => !new URL(entry.name).pathname.startsWith('/v1/'));
                    return {files: assets.length,
                            transferred: assets.reduce((sum, entry) => sum + entry.transferSize, 0),
                            decoded: assets.reduce((sum, entry) => sum + entry.decodedBodySize, 0)};""");
        }
        chromium.screenshot("dashboard-15-measured");
        List<Double> sorted = interactive.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        long transferred = ((Number) weight.get("transferred")).longValue();
        long decoded = ((Number) weight.get("decoded")).longValue();
        String report = String.format("dashboard: %d files, %d bytes transferred (%d bytes of content); "
                        + "time to interactive (navigation start -> accounts table, 10 accounts) median %.0f ms, min %.0f ms, max %.0f ms over %d loads; "
                        + "%d cores, load average %s%n",
                ((Number) weight.get("files")).intValue(), transferred, decoded, median, sorted.get(0), sorted.get(sorted.size() - 1), LOADS,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.print(report);
        Files.writeString(Path.of("target", "dashboard-measurement.txt"), report);

        assertThat(((Number) weight.get("files")).intValue()).as("the page, its stylesheet, icon and scripts").isGreaterThan(5);
        assertThat(decoded).isPositive();
        assertThat(transferred).isGreaterThanOrEqualTo(decoded).isLessThan(WEIGHT_BOUND);
        assertThat(median).isPositive().isLessThan(INTERACTIVE_BOUND_MILLIS);
    }

    /** The machine's 1-minute load average where Linux tells it: the numbers mean little without it. */
    private static String loadAverage() {
        Path loadavg = Path.of("/proc/loadavg");
        try {
            return Files.isReadable(loadavg) ? Files.readString(loadavg).split(" ")[0] : "unknown";
        } catch (IOException unreadable) {
            return "unknown";
        }
    }
}
