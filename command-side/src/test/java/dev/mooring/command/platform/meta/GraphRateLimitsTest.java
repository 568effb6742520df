package dev.mooring.command.platform.meta;

import dev.mooring.kernel.query.RateLimit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Graph's usage headers as Meta documents them, and the malformed ones a call must survive. */
class GraphRateLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    private final GraphRateLimits graph = new GraphRateLimits();

    @Test
    void appUsageIsTheLargestOfItsThreePercentages() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-App-Usage", "{\"call_count\":28,\"total_time\":41,\"total_cputime\":25}");

        List<RateLimit> limits = graph.read("v25.0/me", headers, NOW);

        assertThat(limits).containsExactly(new RateLimit("app", null, null, null, 41, NOW));
        assertThat(limits.get(0).exhaustedAt(NOW)).as("no time to regain access: nothing to wait for").isFalse();
    }

    @Test
    void aBusinessUseCaseAtItsLimitIsSpentUntilItsTimeToRegainAccess() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Business-Use-Case-Usage", """
                {"112233":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":30,"estimated_time_to_regain_access":7}],
                 "445566":[{"type":"pages","call_count":3,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}""");

        List<RateLimit> limits = graph.read("v25.0/112233/feed", headers, NOW);

        assertThat(limits).singleElement().satisfies(pages -> {
            assertThat(pages.family()).isEqualTo("pages");
            assertThat(pages.percentUsed()).isEqualTo(100);
            assertThat(pages.resetAt()).isEqualTo(NOW.plusSeconds(7 * 60));
            assertThat(pages.exhaustedAt(NOW)).isTrue();
            assertThat(pages.exhaustedAt(NOW.plusSeconds(7 * 60))).isFalse();
        });
        assertThat(graph.spendsFrom("v25.0/me/accounts", "pages")).as("Graph throttles by app and object, not by path").isTrue();
    }

    @Test
    void malformedOrMissingHeadersReportNothing() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-App-Usage", "call_count=28");
        headers.set("X-Business-Use-Case-Usage", "[1,2");

        assertThat(graph.read("v25.0/me", headers, NOW)).isEmpty();
        assertThat(graph.read("v25.0/me", new HttpHeaders(), NOW)).isEmpty();
    }
}
