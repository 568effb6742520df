package dev.mooring.api.logging;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What reaches the log: never a value bound to a statement, and never a line break taken from
 * outside. The database faults are made by the test (a check constraint, a trigger); the requests
 * that meet them are real.
 */
@MooringTest
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest {

    @Autowired
    WebTestClient http;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;

    Tenant tenant;

    @BeforeEach
    void newWorkspace() {
        tenant = accounts.tenant();
    }

    @AfterEach
    void dropTheFaults() {
        jdbi.useHandle(handle -> handle.execute("""
                alter table api_keys drop constraint if exists test_refuses_canaries;
                drop trigger if exists test_refuses_names on api_keys;
                drop function if exists test_refuse_name()"""));
    }

    @Test
    void aConstraintViolationLogsTheFailureButNoValueBoundToTheStatement(CapturedOutput output) {
        String canary = "canary-" + UUID.randomUUID();
        jdbi.useHandle(handle -> handle.execute(
                "alter table api_keys add constraint test_refuses_canaries check (name not like 'canary-%') not valid"));

        createKey(canary).expectStatus().is5xxServerError()
                .expectBody().jsonPath("$.error.code").isEqualTo("internal_error");

        // the failure is in the log, naming the constraint ...
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains(
                "ERROR: new row for relation \"api_keys\" violates check constraint \"test_refuses_canaries\""));
        // ... but neither the JDBI arguments, nor the driver's or the server's DETAIL ("Failing row contains")
        assertThat(output.getAll()).doesNotContain(canary).doesNotContain("Failing row contains");
    }

    @Test
    void aLineBreakInARequestValueIsEscapedAndStartsNoLogLine(CapturedOutput output) {
        // JSON bodies refuse C0 controls (NoControlCharacters); these break lines in log viewers all the same
        String forged = "INFO forged : FORGED " + UUID.randomUUID().toString().substring(0, 8);
        String name = "line-breaker\u2028" + forged + "\u0085" + forged;
        jdbi.useHandle(handle -> handle.execute("""
                create function test_refuse_name() returns trigger language plpgsql as $$
                begin raise exception 'test trigger refused %', new.name; end $$;
                create trigger test_refuses_names before insert on api_keys
                for each row when (new.name like 'line-breaker%') execute function test_refuse_name()"""));

        createKey(name).expectStatus().is5xxServerError();

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("test trigger refused line-breaker"));
        assertThat(output.getAll()).contains("test trigger refused line-breaker\\u2028" + forged + "\\u0085" + forged);
        assertThat(output.getAll().split("\\R")).noneMatch(line -> line.startsWith(forged));
    }

    @Test
    void crAndLfInAMessageArgumentOrAnExceptionTextAreEscaped(CapturedOutput output) {
        String forged = "2026-12-02T00:00:00.000Z ERROR 1 --- [mooring] [main] forged : FORGED " + UUID.randomUUID();

        LoggerFactory.getLogger(LogHygieneTest.class).warn("a value from outside: {}", "value\r\n" + forged,
                new IllegalArgumentException("bad input\n" + forged, new IllegalStateException("cause\r" + forged)));

        assertThat(output.getAll()).contains("a value from outside: value\\r\\n" + forged)
                .contains("java.lang.IllegalArgumentException: bad input\\n" + forged)
                .contains("java.lang.IllegalStateException: cause\\r" + forged);
        assertThat(Arrays.stream(output.getAll().split("\\R"))).noneMatch(line -> line.startsWith(forged));
        // stack frames still come one per line
        assertThat(output.getAll()).containsPattern("\n\\s+at dev\\.mooring\\.api\\.logging\\.LogHygieneTest\\.");
    }

    private WebTestClient.ResponseSpec createKey(String name) {
        return http.post().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, tenant.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name))
                .exchange();
    }
}
