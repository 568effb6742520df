package dev.mooring.api.support;

import dev.mooring.api.MooringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The real application on a random port over a real (embedded) PostgreSQL in a fresh data
 * directory. Every class with this annotation shares one running instance. Webhook retries, the
 * stream's polling and heartbeats run on short timings so tests see them in seconds. Webhook tests
 * deliver to receivers on loopback: the embedded default's development exception allows that, set
 * here explicitly so that it is visibly what lets them through. Rate limits are raised out of the
 * way; quotas and the upstream bulkhead keep their defaults.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = MooringApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "mooring.data-dir=target/test-data/${random.uuid}",
                "mooring.admin.token=" + MooringTest.ADMIN_TOKEN,
                "mooring.outbound.local-webhooks=true",
                "mooring.webhooks.retry-schedule=200ms,300ms,400ms",
                "mooring.webhooks.attempt-timeout=6s",
                "mooring.webhooks.poll-interval=50ms",
                "mooring.webhooks.max-in-flight=8",
                "mooring.webhooks.max-in-flight-per-endpoint=2",
                "mooring.events.poll-interval=50ms",
                "mooring.events.heartbeat=1s",
                // tests call the limited routes far faster than any client would; LimitsTest runs with its own
                "mooring.limits.per-key=100000/1m",
                "mooring.limits.connect-starts=100000/1m",
                "mooring.limits.bluesky-logins-per-identifier=100000/1m",
                "mooring.limits.account-checks=100000/1m",
                "mooring.limits.webhook-resends=100000/1m"})
@Import(TestAccounts.class)
public @interface MooringTest {

    String ADMIN_TOKEN = "test-admin-token";
}
