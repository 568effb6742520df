package dev.mooring.api.auth;

import dev.mooring.api.MooringApplication;
import dev.mooring.api.gate.ApiScope;
import dev.mooring.api.support.ExternalPostgres;
import dev.mooring.api.support.MooringProcess;
import dev.mooring.api.support.RunningMooring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code create-api-key} is the way in on a production database, where no development key exists. */
class CreateApiKeyTest {

    private static final Pattern PRINTED_KEY = Pattern.compile("^(mk_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE);

    static ExternalPostgres external;
    static String database;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startAnExternalPostgres() {
        external = ExternalPostgres.start();
        database = external.newDatabase();
    }

    @AfterAll
    static void stopIt() throws Exception {
        external.close();
    }

    private String[] settings() {
        return new String[] {"mooring.data-dir=" + dataDir, "mooring.database.url=" + database,
                "mooring.database.user=postgres", "mooring.database.password=",
                "mooring.master-key=" + Base64.getEncoder().encodeToString(new byte[32])};
    }

    private String[] command(String... own) {
        List<String> all = new ArrayList<>(List.of(own));
        for (String setting : settings()) {
            all.add("--" + setting);
        }
        return all.toArray(String[]::new);
    }

    @Test
    @SuppressWarnings("unchecked")
    void printsAFirstKeyOnAnExternalDatabaseThatThenCallsTheApi() throws Exception {
        CreateApiKeyCommand.Outcome first = MooringApplication.createApiKey(command("create-api-key", "--workspace", "Acme"));
        CreateApiKeyCommand.Outcome second = MooringApplication.createApiKey(command("create-api-key", "--workspace=Acme", "--name", "ci"));
        CreateApiKeyCommand.Outcome reader = MooringApplication.createApiKey(
                command("create-api-key", "--workspace", "Acme", "--name", "dashboard", "--scopes", "accounts:read,tokens:read"));

        assertThat(first.workspaceCreated()).isTrue();
        assertThat(second.workspaceCreated()).as("the name finds the workspace again").isFalse();
        assertThat(second.workspace()).isEqualTo(first.workspace());
        assertThat(second.key().key()).isNotEqualTo(first.key().key());
        assertThat(first.describe()).contains(first.workspace().value(), "(created)", first.key().key(),
                "accounts:read,accounts:write,accounts:import,connect,proxy,webhooks,keys");
        assertThat(reader.describe()).contains("with scopes accounts:read,tokens:read");

        try (RunningMooring mooring = RunningMooring.start(settings())) {
            mooring.http().get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + first.key().key())
                    .exchange().expectStatus().isOk();
            mooring.http().get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + second.key().key())
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.data[*].name").value(names ->
                            assertThat((List<Object>) names).containsExactlyInAnyOrder("created by create-api-key", "ci", "dashboard"));
            mooring.http().get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + second.key().key())
                    .exchange().expectBody().jsonPath("$.data[?(@.name == 'dashboard')].scopes[*]").value(scopes ->
                            assertThat((List<Object>) scopes).containsExactly("accounts:read", "tokens:read"));
            mooring.http().get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader.key().key())
                    .exchange().expectStatus().isOk();
            mooring.http().get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader.key().key())
                    .exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error.code").isEqualTo("insufficient_scope");
        }
    }

    @Test
    void theJarCommandPrintsTheKeyAndExitsZero() throws Exception {
        MooringProcess run = MooringProcess.run(dataDir, command("create-api-key", "--workspace", "From the shell"));
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run::tail).isZero();
        Matcher printed = PRINTED_KEY.matcher(run.output());
        assertThat(printed.find()).as(run::tail).isTrue();

        try (RunningMooring mooring = RunningMooring.start(settings())) {
            mooring.http().get().uri("/v1/accounts").header(HttpHeaders.AUTHORIZATION, "Bearer " + printed.group(1))
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void withoutAWorkspaceItExplainsAndExitsWithUsage() throws Exception {
        MooringProcess run = MooringProcess.run(dataDir, command("create-api-key"));
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run::tail).isEqualTo(64);
        assertThat(run.output()).contains("--workspace NAME is required", CreateApiKeyCommand.USAGE);
        assertThat(PRINTED_KEY.matcher(run.output()).find()).isFalse();
    }

    @Test
    void argumentsItCannotRunWithAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> CreateApiKeyCommand.parse(List.of("create-api-key", "--workspace"), new ArrayList<>()))
                .hasMessageContaining("--workspace needs a value");
        assertThatThrownBy(() -> CreateApiKeyCommand.parse(List.of("create-api-key", "--workspace", "a\nb"), new ArrayList<>()))
                .hasMessageContaining("control characters");
        List<String> settings = new ArrayList<>();
        CreateApiKeyCommand parsed = CreateApiKeyCommand.parse(
                List.of("create-api-key", "--mooring.port=1", "--workspace", " Acme ", "--name=deploy"), settings);
        assertThat(parsed).isEqualTo(new CreateApiKeyCommand("Acme", "deploy", ApiScope.DEFAULTS));
        assertThat(settings).containsExactly("--mooring.port=1");
        assertThat(CreateApiKeyCommand.parse(List.of("create-api-key", "--workspace", "Acme", "--scopes=proxy, tokens:read"),
                new ArrayList<>()).scopes()).containsExactlyInAnyOrder(ApiScope.PROXY, ApiScope.TOKENS_READ);
        assertThatThrownBy(() -> CreateApiKeyCommand.parse(List.of("create-api-key", "--workspace", "Acme", "--scopes", "admin"),
                new ArrayList<>())).hasMessageContaining("--scopes names a scope that does not exist")
                .hasMessageContaining("accounts:read, accounts:write, accounts:import, connect, proxy, tokens:read, webhooks, keys");
        assertThatThrownBy(() -> CreateApiKeyCommand.parse(List.of("create-api-key", "--workspace", "Acme", "--scopes", ""),
                new ArrayList<>())).hasMessageContaining("--scopes names a scope that does not exist");
    }
}
