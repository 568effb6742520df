package dev.mooring.api.lifecycle;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.command.connect.PublicBaseUrl;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's mistake costs no customer anything: while the platform refuses Mooring's client
 * credentials no account is touched and health says what to fix; once the right secret is back and
 * Mooring restarted, every account is refreshed.
 */
class OperatorFaultRestartTest {

    private static final int ACCOUNTS = 3;
    private static final String ADMIN_TOKEN = "fault-admin-token";

    @TempDir
    Path dataDir;

    @Test
    void refusedClientCredentialsRevokeNothingAndEveryAccountRefreshesAfterTheFixAndARestart() throws Exception {
        try (FlakyUpstream upstream = new FlakyUpstream()) {
            String[] settings = {"mooring.data-dir=" + dataDir, "mooring.sandbox.access-token-lifetime=20s",
                    "mooring.lifecycle.refresh.margin.sandbox=5s", "mooring.lifecycle.first-retry=1s",
                    "mooring.lifecycle.max-retry=2s", "mooring.sandbox.url=" + upstream.url(),
                    "mooring.admin.token=" + ADMIN_TOKEN}; // the operator fault's detail is the admin's
            List<AccountId> ids = new ArrayList<>();
            try (RunningMooring first = RunningMooring.start(settings)) {
                upstream.forwardTo(URI.create(first.bean(PublicBaseUrl.class).get() + "/sandbox"));
                WorkspaceId workspace = first.bean(ApiKeys.class).createWorkspace("operator");
                for (int i = 0; i < ACCOUNTS; i++) {
                    ids.add(SandboxAccounts.of(first.context()).connect(workspace, "mistyped-" + i));
                }
                // the app's secret was changed at the platform and not here
                upstream.refuseClient();

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> first.http().get().uri("/actuator/health")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).exchange().expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.components.operator.details.sandbox.detail").value(detail ->
                                assertThat((String) detail).contains("MOORING_SANDBOX_CLIENT_ID", "MOORING_SANDBOX_CLIENT_SECRET")));
                await().atMost(Duration.ofSeconds(30)).until(() -> upstream.refusals() >= ACCOUNTS);
                Jdbi jdbi = first.bean(Jdbi.class);
                for (AccountId id : ids) {
                    assertThat(events(jdbi, id)).as("events of %s", id).containsExactly("AccountConnected");
                }
            }
            // the right secret is back, and Mooring restarted
            upstream.recover();
            try (RunningMooring second = RunningMooring.start(settings)) {
                upstream.forwardTo(URI.create(second.bean(PublicBaseUrl.class).get() + "/sandbox"));
                Jdbi jdbi = second.bean(Jdbi.class);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ids.stream().allMatch(id -> events(jdbi, id).contains("TokenRefreshed")));
                for (AccountId id : ids) {
                    assertThat(events(jdbi, id)).as("events of %s", id).doesNotContain("AccountRevoked", "TokenExpiring");
                }
                second.http().get().uri("/actuator/health").exchange().expectStatus().isOk();
            }
        }
    }

    private static List<String> events(Jdbi jdbi, AccountId id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select substring(payload_type from '[^.]+$') from domain_event_entry
                        where aggregate_identifier = :id order by sequence_number""")
                .bind("id", id.value()).mapTo(String.class).list());
    }
}
