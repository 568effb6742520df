package dev.mooring.api.lifecycle;

import dev.mooring.api.auth.ApiKeys;
import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.RunningMooring;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A margin longer than the token's whole life (the default sandbox margin of a minute against
 * 8-second tokens, as X's 5 minutes against 60-second ones) must not refresh on every poll: the
 * margin is capped at a quarter of the token's life, so a token is refreshed about every 6 seconds.
 */
class RefreshCadenceTest {

    @TempDir
    Path dataDir;

    @Test
    void aMarginLongerThanTheTokensLifeRefreshesOncePerLifeNotOnEveryPoll() throws Exception {
        try (RunningMooring mooring = RunningMooring.start("mooring.data-dir=" + dataDir,
                "mooring.sandbox.access-token-lifetime=8s")) {
            WorkspaceId workspace = mooring.bean(ApiKeys.class)
                    .authenticate(Files.readString(dataDir.resolve("dev-api-key")).trim()).orElseThrow().workspace();
            AccountId id = SandboxAccounts.of(mooring.context()).connect(workspace, "short-lived");

            Thread.sleep(30_000);

            int refreshes = mooring.bean(Jdbi.class).withHandle(h -> h.createQuery("""
                            select count(*) from domain_event_entry
                            where aggregate_identifier = :id and payload_type like '%TokenRefreshed'""")
                    .bind("id", id.value()).mapTo(Integer.class).one());
            // one refresh per 6 seconds of an 8-second token: about 5 in 30 s, never one a second
            assertThat(refreshes).isBetween(3, 6);
        }
    }
}
