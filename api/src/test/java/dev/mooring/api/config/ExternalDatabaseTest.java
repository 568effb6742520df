package dev.mooring.api.config;

import dev.mooring.api.support.ExternalPostgres;
import dev.mooring.api.support.RunningMooring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With MOORING_DATABASE_URL, Mooring uses that PostgreSQL and runs nothing of its own. */
class ExternalDatabaseTest {

    static ExternalPostgres external;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startAnotherPostgres() {
        external = ExternalPostgres.start();
    }

    @AfterAll
    static void stopIt() throws Exception {
        external.close();
    }

    private String newDatabase() {
        return external.newDatabase();
    }

    private String[] settings(String url, String... more) {
        String[] base = {"mooring.data-dir=" + dataDir, "mooring.database.url=" + url,
                "mooring.database.user=postgres", "mooring.database.password="};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String masterKey() {
        return "mooring.master-key=" + Base64.getEncoder().encodeToString(new byte[32]);
    }

    @Test
    void runsOnTheConfiguredDatabaseWithoutADevKey() throws Exception {
        try (RunningMooring mooring = RunningMooring.start(settings(newDatabase(), masterKey()))) {
            mooring.http().get().uri("/v1/accounts").exchange().expectStatus().isUnauthorized();
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
        assertThat(dataDir.resolve("dev-api-key")).doesNotExist();
        assertThat(dataDir.resolve("master-key")).doesNotExist();
    }

    @Test
    void devKeyCanStillBeAskedFor() throws Exception {
        try (RunningMooring mooring = RunningMooring.start(settings(newDatabase(), masterKey(), "mooring.dev-key=true"))) {
            String key = Files.readString(dataDir.resolve("dev-api-key")).trim();
            mooring.http().get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void aMissingMasterKeyStopsStartupAndSaysWhich() throws Exception {
        String url = newDatabase();
        assertThatThrownBy(() -> RunningMooring.start(settings(url)).close())
                .rootCause().hasMessageContaining("MOORING_MASTER_KEY");
    }
}
