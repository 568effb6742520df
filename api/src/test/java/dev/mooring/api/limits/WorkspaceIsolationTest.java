package dev.mooring.api.limits;

import dev.mooring.api.limits.ApiCalls.Answer;
import dev.mooring.api.platform.bluesky.TestPds;
import dev.mooring.api.platform.bluesky.TestPds.Account;
import dev.mooring.api.platform.bluesky.TestPdsConfig;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.Platform;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One workspace whose platform stalls slows no other workspace: its requests wait on their own
 * threads, at most {@code MOORING_LIMITS_UPSTREAM_CALLS} at a time, each for at most
 * {@code MOORING_LIMITS_UPSTREAM_DEADLINE}, and they end in 503 or 429, never 500. The settings
 * come in under their environment names.
 */
@MooringTest
@Import(TestPdsConfig.class)
@ContextConfiguration(initializers = WorkspaceIsolationTest.Settings.class)
class WorkspaceIsolationTest {

    static final int UPSTREAM_CALLS = 4;
    static final Duration DEADLINE = Duration.ofSeconds(3);
    static final Duration STALL = Duration.ofSeconds(8);
    static final int SLOW_CONNECTS = 30;

    static class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource("limits-env", Map.of(
                    "MOORING_LIMITS_UPSTREAM_CALLS", String.valueOf(UPSTREAM_CALLS),
                    "MOORING_LIMITS_UPSTREAM_DEADLINE", DEADLINE.toSeconds() + "s")));
        }
    }

    @Autowired
    TestAccounts accounts;
    @Autowired
    TestPds pds;
    @Autowired
    Jdbi jdbi;
    @LocalServerPort
    int port;

    /** Workspace A's client, and B's: separate connection pools, so only the server can make A wait. */
    ApiCalls api;
    ApiCalls slowCallers;

    @BeforeEach
    void clients() {
        api = new ApiCalls(port, 4);
        slowCallers = new ApiCalls(port, SLOW_CONNECTS);
    }

    @AfterEach
    void answerAtOnceAgain() {
        pds.stall(Duration.ZERO);
    }

    @Test
    void thirtySlowConnectsInOneWorkspaceLeaveAnotherWorkspacesReadsFast() throws Exception {
        Tenant a = accounts.tenant();
        Tenant b = accounts.tenant();
        for (int i = 0; i < 3; i++) {
            accounts.connected(a.workspace(), Platform.X, "isolated-" + i);
        }
        List<Account> users = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < SLOW_CONNECTS; i++) {
            Account user = pds.createAccount("slow-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
            users.add(user);
            passwords.add(pds.createAppPassword(user));
        }
        // the same reads with B idle, for comparison: on a busy machine both move together
        List<Long> idle = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            idle.add(timedList(a));
            Thread.sleep(10);
        }

        pds.stall(STALL);
        long started = System.nanoTime();
        List<CompletableFuture<Answer>> slow = new ArrayList<>();
        List<CompletableFuture<Long>> answeredAfter = new ArrayList<>();
        for (int i = 0; i < SLOW_CONNECTS; i++) {
            CompletableFuture<Answer> answer = slowCallers.postAsync("/v1/accounts/connect/bluesky/complete", b.bearer(),
                    Map.of("identifier", users.get(i).handle(), "appPassword", passwords.get(i)));
            slow.add(answer);
            answeredAfter.add(answer.thenApply(done -> (System.nanoTime() - started) / 1_000_000));
        }
        // A reads until B's stalled work has ended upstream, not only until B's callers were answered
        List<Long> millis = new ArrayList<>();
        while (System.nanoTime() - started < STALL.plusSeconds(1).toNanos()) {
            millis.add(timedList(a));
            Thread.sleep(10);
        }
        long allAnsweredAfter = answeredAfter.stream().mapToLong(CompletableFuture::join).max().orElseThrow();
        System.out.printf("workspace A with B idle: %s; while B's %d connects stall: %s; B all answered after %d ms%n",
                percentiles(idle), SLOW_CONNECTS, percentiles(millis), allAnsweredAfter);
        assertThat(percentile(millis, 99)).as("A's p99 in ms").isLessThan(200);

        List<Answer> answers = slow.stream().map(CompletableFuture::join).toList();
        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        System.out.println("workspace B's answers by status: " + byStatus);
        assertThat(byStatus.keySet()).as("never 500, never anything but refused or unavailable").containsOnly(429, 503);
        // the workspace's slots went to the first connects, which waited out the deadline; the rest were refused at once
        assertThat(byStatus.get(503)).isEqualTo(UPSTREAM_CALLS);
        assertThat(byStatus.get(429)).isEqualTo(SLOW_CONNECTS - UPSTREAM_CALLS);
        for (Answer answer : answers) {
            assertThat(answer.errorCode()).isEqualTo(answer.status() == 503 ? "platform_unavailable" : "rate_limited");
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
        }
        assertThat(answers.stream().filter(answer -> answer.status() == 429))
                .allSatisfy(refused -> assertThat(refused.errorMessage()).contains("MOORING_LIMITS_UPSTREAM_CALLS"));
        assertThat(allAnsweredAfter).as("every B caller answered inside the deadline and its grace, not the API's 15 s")
                .isLessThan(DEADLINE.plus(LimitsProperties.STORE_GRACE).plusSeconds(2).toMillis());

        // the stalled work ended when the PDS finally answered, at its next step: nothing logged in, nothing stored
        pds.stall(Duration.ZERO);
        assertThat(users).allSatisfy(user -> assertThat(pds.loginAttempts(user)).isZero());
        int stored = jdbi.withHandle(handle -> handle.createQuery("select count(*) from accounts where workspace_id = :ws")
                .bind("ws", b.workspace().value()).mapTo(Integer.class).one());
        assertThat(stored).isZero();
        assertThat(api.get("/v1/accounts", b.bearer()).body().get("data")).isEmpty();

        // and B's slots are free again
        Account later = pds.createAccount("later-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        Answer connected = api.post("/v1/accounts/connect/bluesky/complete", b.bearer(),
                Map.of("identifier", later.handle(), "appPassword", pds.createAppPassword(later)));
        assertThat(connected.status()).as(connected.body().toString()).isEqualTo(201);
    }

    private long timedList(Tenant tenant) {
        long before = System.nanoTime();
        Answer listed = api.get("/v1/accounts", tenant.bearer());
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get("data")).hasSize(3);
        return millis;
    }

    private static long percentile(List<Long> millis, int percent) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * percent / 100.0) - 1);
    }

    private static String percentiles(List<Long> millis) {
        return millis.size() + " lists, p50 " + percentile(millis, 50) + " ms, p99 " + percentile(millis, 99) + " ms, max "
                + percentile(millis, 100) + " ms";
    }

    @Test
    void aStalledVerifyAnswersPlatformUnavailableAtTheDeadlineAndFinishesOnItsOwn() throws Exception {
        Tenant tenant = accounts.tenant();
        Account user = pds.createAccount("verify-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        Answer connected = api.post("/v1/accounts/connect/bluesky/complete", tenant.bearer(),
                Map.of("identifier", user.handle(), "appPassword", pds.createAppPassword(user)));
        assertThat(connected.status()).as(connected.body().toString()).isEqualTo(201);
        String id = connected.body().get("id").asText();

        pds.stall(STALL);
        long before = System.nanoTime();
        Answer verified = api.post("/v1/accounts/" + id + "/verify", tenant.bearer(), Map.of());
        long tookMillis = (System.nanoTime() - before) / 1_000_000;

        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(503);
        assertThat(verified.errorCode()).isEqualTo("platform_unavailable");
        assertThat(verified.errorMessage()).contains("MOORING_LIMITS_UPSTREAM_DEADLINE");
        assertThat(verified.header("Retry-After")).isEqualTo(String.valueOf(DEADLINE.toSeconds()));
        assertThat(tookMillis).isBetween(DEADLINE.toMillis() - 100, DEADLINE.toMillis() + 2_000);

        // the check went on without its caller and its outcome shows on the account
        pds.stall(Duration.ZERO);
        Thread.sleep(STALL.minus(DEADLINE).plusSeconds(1).toMillis());
        Answer account = api.get("/v1/accounts/" + id, tenant.bearer());
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body().get("status").asText()).isEqualTo("active");
    }
}
