package dev.mooring.api.lifecycle;

import dev.mooring.api.sandbox.SandboxAccounts;
import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.api.support.TestAccounts.Tenant;
import dev.mooring.kernel.AccountId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle keeps up however many deadlines are pending: with ten thousand other accounts'
 * deadlines in the table, new accounts get theirs as they connect (deadlines are scheduled and
 * cancelled by their own ids, never by scanning the table), and a gauge says how far the lifecycle
 * trails the event store, so a backlog is never silent.
 */
@MooringTest
class LifecycleBacklogTest {

    private static final int PENDING = 10_000;
    private static final int NEW_ACCOUNTS = 50;
    private static final String SEEDED = "seeded-";

    @Autowired
    ApplicationContext context;
    @Autowired
    TestAccounts accounts;
    @Autowired
    Jdbi jdbi;
    @Autowired
    WebTestClient http;

    @AfterEach
    void removeSeededDeadlines() {
        jdbi.useHandle(h -> h.execute("delete from scheduled_tasks where task_instance like '" + SEEDED + "%'"));
    }

    @Test
    void newAccountsGetTheirDeadlinesWhileTenThousandArePendingAndTheLagIsMeasured() {
        Tenant tenant = accounts.tenant();
        SandboxAccounts sandbox = SandboxAccounts.of(context);
        AccountId first = sandbox.connect(tenant.workspace(), "backlog-template");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadlinesMentioning(first) == 1);
        int before = allDeadlines();
        // ten thousand copies of a real lifecycle deadline, due in a month: what other accounts leave pending
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                        select task_name, :prefix || n, task_data, now() + interval '30 days', false, 1
                        from scheduled_tasks, generate_series(1, :count) n
                        where position(convert_to(:account, 'UTF8') in task_data) > 0""")
                .bind("prefix", SEEDED).bind("count", PENDING).bind("account", first.value())
                .execute());
        assertThat(allDeadlines()).isEqualTo(before + PENDING);

        long started = System.nanoTime();
        List<AccountId> ids = new ArrayList<>();
        for (int i = 0; i < NEW_ACCOUNTS; i++) {
            ids.add(sandbox.connect(tenant.workspace(), "backlog-" + i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> deadlinesMentioning(id) == 1));
        System.out.printf("%d connects with %d deadlines pending: every one planned %d ms after the first connect%n",
                NEW_ACCOUNTS, PENDING, (System.nanoTime() - started) / 1_000_000);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gauge("mooring.lifecycle.events.behind")).isZero());
        assertThat(gauge("mooring.lifecycle.backlog")).isGreaterThanOrEqualTo(0.0);
    }

    private double gauge(String name) {
        Number value = http.get().uri("/actuator/metrics/" + name)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + MooringTest.ADMIN_TOKEN)
                .exchange().expectStatus().isOk()
                .expectBody(MetricAnswer.class).returnResult().getResponseBody().measurements().get(0).value();
        return value.doubleValue();
    }

    record MetricAnswer(List<Measurement> measurements) {
    }

    record Measurement(String statistic, Number value) {
    }

    private int deadlinesMentioning(AccountId id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select count(*) from scheduled_tasks
                        where task_instance not like :seeded and position(convert_to(:account, 'UTF8') in task_data) > 0""")
                .bind("seeded", SEEDED + "%").bind("account", id.value()).mapTo(Integer.class).one());
    }

    private int allDeadlines() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from scheduled_tasks").mapTo(Integer.class).one());
    }
}
