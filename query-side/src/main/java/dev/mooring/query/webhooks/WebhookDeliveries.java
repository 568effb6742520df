package dev.mooring.query.webhooks;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.query.events.AccountEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook outbox: deliveries queued by {@link WebhookOutbox}, claimed and settled by
 * {@link WebhookDispatcher}, listed and re-sent through the API.
 */
@FrontDoor
@Component
public class WebhookDeliveries {

    private static final String ID_PREFIX = "dlv_";

    private final Jdbi jdbi;
    private final WebhookSecrets secrets;

    public WebhookDeliveries(Jdbi jdbi, WebhookSecrets secrets) {
        this.jdbi = jdbi;
        this.secrets = secrets;
    }

    /** A claimed delivery with what sending it takes; {@code secrets} holds one or, mid-rotation, two. */
    public record Due(String deliveryId, String endpointId, String eventId, String body, String url, List<String> secrets) {
        @Override
        public String toString() {
            return "Due[" + deliveryId + " of " + eventId + " to " + endpointId + ", secrets redacted]";
        }
    }

    /** A page of deliveries, newest first; {@code nextBefore} continues the listing. */
    public record Page(List<WebhookDelivery> deliveries, String nextBefore) {
    }

    /**
     * Queues the event for every enabled endpoint of its workspace that wants its type and existed
     * when it happened. Runs inside the outbox processor's transaction; an event handled again
     * queues nothing new.
     */
    void enqueue(AccountEvent event, String body) {
        jdbi.useHandle(handle -> {
            List<String> endpoints = handle.createQuery("""
                            select endpoint_id from webhook_endpoints
                             where workspace_id = :workspace and enabled and :type = any(event_types)
                               and created_at <= :happenedAt""")
                    .bind("workspace", event.workspaceId())
                    .bind("type", event.type())
                    .bind("happenedAt", event.createdAt())
                    .mapTo(String.class)
                    .list();
            if (endpoints.isEmpty()) {
                return;
            }
            PreparedBatch batch = handle.prepareBatch("""
                    insert into webhook_deliveries (delivery_id, endpoint_id, event_id, event_type, body, status,
                                                    next_attempt_at, created_at)
                    values (:id, :endpoint, :eventId, :type, :body, 'pending', now(), now())
                    on conflict (event_id, endpoint_id) do nothing""");
            for (String endpoint : endpoints) {
                batch.bind("id", ID_PREFIX + UlidCreator.getMonotonicUlid())
                        .bind("endpoint", endpoint)
                        .bind("eventId", event.id())
                        .bind("type", event.type())
                        .bind("body", body)
                        .add();
            }
            batch.execute();
        });
    }

    /**
     * Claims up to {@code limit} due deliveries of enabled endpoints by pushing their due time past
     * the lease, never more than {@code perEndpoint} under way for one endpoint, so a backlog at a
     * slow endpoint cannot take every sending slot. {@code skip locked} lets several instances claim
     * at once without taking the same row; a sender that dies leaves its rows to be claimed again
     * when the lease ends.
     */
    List<Due> claimDue(int limit, int perEndpoint, Duration lease) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update webhook_deliveries d set leased = true,
                               next_attempt_at = now() + :leaseMillis * interval '1 millisecond'
                          from webhook_endpoints e
                         where e.endpoint_id = d.endpoint_id
                           and d.delivery_id in (
                               select due.delivery_id from webhook_deliveries due
                                where due.status = 'pending' and due.next_attempt_at <= now()
                                  and due.delivery_id in (
                                      select ranked.delivery_id from (
                                             select candidate.delivery_id, candidate.endpoint_id,
                                                    row_number() over (partition by candidate.endpoint_id
                                                                       order by candidate.next_attempt_at) as place
                                               from webhook_deliveries candidate
                                               join webhook_endpoints ep on ep.endpoint_id = candidate.endpoint_id
                                              where candidate.status = 'pending' and candidate.next_attempt_at <= now()
                                                and ep.enabled) ranked
                                       where ranked.place + (select count(*) from webhook_deliveries busy
                                                              where busy.endpoint_id = ranked.endpoint_id
                                                                and busy.status = 'pending' and busy.leased
                                                                and busy.next_attempt_at > now()) <= :perEndpoint)
                                order by due.next_attempt_at
                                limit :limit
                                  for update of due skip locked)
                        returning d.delivery_id, d.endpoint_id, d.event_id, d.body, e.url, e.secret,
                                  case when e.previous_secret_expires_at > now() then e.previous_secret end as previous_secret""")
                .bind("leaseMillis", lease.toMillis())
                .bind("limit", limit)
                .bind("perEndpoint", perEndpoint)
                .map((rs, ctx) -> {
                    String endpoint = rs.getString("endpoint_id");
                    List<String> signing = new ArrayList<>(List.of(secrets.open(endpoint, rs.getString("secret"))));
                    if (rs.getString("previous_secret") != null) {
                        signing.add(secrets.open(endpoint, rs.getString("previous_secret")));
                    }
                    return new Due(rs.getString("delivery_id"), endpoint, rs.getString("event_id"),
                            rs.getString("body"), rs.getString("url"), List.copyOf(signing));
                })
                .list());
    }

    /**
     * Writes down one attempt and what follows from it: done, due again after the next wait of the
     * schedule, or failed for good (and, after a 410, the endpoint turned off).
     */
    void record(Due due, DeliveryOutcome outcome, Instant attemptedAt, long durationMillis, List<Duration> schedule) {
        jdbi.useTransaction(handle -> {
            Optional<Map<String, Object>> counters = handle.createQuery("""
                            update webhook_deliveries set attempts = attempts + 1, leased = false
                             where delivery_id = :id and status = 'pending'
                            returning attempts, retries_used""")
                    .bind("id", due.deliveryId())
                    .mapToMap()
                    .findOne();
            if (counters.isEmpty()) {
                return; // deleted with its endpoint while the attempt was under way
            }
            int attempt = ((Number) counters.get().get("attempts")).intValue();
            int retriesUsed = ((Number) counters.get().get("retries_used")).intValue();
            handle.createUpdate("""
                            insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
                            values (:id, :attempt, :at, :statusCode, :error, :duration)""")
                    .bind("id", due.deliveryId())
                    .bind("attempt", attempt)
                    .bind("at", attemptedAt)
                    .bind("statusCode", outcome.statusCode())
                    .bind("error", outcome.error())
                    .bind("duration", durationMillis)
                    .execute();
            switch (outcome.kind()) {
                case SUCCEEDED -> {
                    settle(handle, due, "succeeded");
                    sendBacklogNow(handle, due.endpointId());
                }
                case FAILED -> settle(handle, due, "failed");
                case GONE -> {
                    settle(handle, due, "failed");
                    handle.createUpdate("""
                                    update webhook_endpoints set enabled = false, updated_at = now(),
                                        disabled_reason = 'the endpoint answered 410 Gone'
                                     where endpoint_id = :endpoint""")
                            .bind("endpoint", due.endpointId())
                            .execute();
                }
                case RETRY -> {
                    if (retriesUsed >= schedule.size()) {
                        settle(handle, due, "failed");
                    } else {
                        handle.createUpdate("""
                                        update webhook_deliveries set retries_used = retries_used + 1,
                                            next_attempt_at = now() + :waitMillis * interval '1 millisecond'
                                         where delivery_id = :id""")
                                .bind("id", due.deliveryId())
                                .bind("waitMillis", schedule.get(retriesUsed).toMillis())
                                .execute();
                    }
                }
            }
        });
    }

    /**
     * The endpoint answers again: what waits for a retry is due now rather than hours later. (Deliveries
     * under way keep their lease, so none is sent twice at once.)
     */
    private static void sendBacklogNow(Handle handle, String endpointId) {
        handle.createUpdate("""
                        update webhook_deliveries set next_attempt_at = now()
                         where endpoint_id = :endpoint and status = 'pending' and not leased and next_attempt_at > now()""")
                .bind("endpoint", endpointId)
                .execute();
    }

    private static void settle(Handle handle, Due due, String status) {
        handle.createUpdate("update webhook_deliveries set status = :status, next_attempt_at = null where delivery_id = :id")
                .bind("id", due.deliveryId())
                .bind("status", status)
                .execute();
    }

    /** Deliveries to the workspace's endpoint, newest first, before {@code before} when given. */
    public Optional<Page> list(WorkspaceId workspace, String endpointId, String before, int limit) {
        return jdbi.withHandle(handle -> {
            if (!ownsEndpoint(handle, workspace, endpointId)) {
                return Optional.empty();
            }
            List<WebhookDelivery> rows = handle.createQuery("""
                            select delivery_id, event_id, event_type, status, created_at, next_attempt_at
                              from webhook_deliveries
                             where endpoint_id = :endpoint and (cast(:before as text) is null or delivery_id < :before)
                             order by delivery_id desc
                             limit :limit""")
                    .bind("endpoint", endpointId)
                    .bind("before", before)
                    .bind("limit", limit + 1) // one more tells whether another page exists
                    .map((rs, ctx) -> delivery(rs))
                    .list();
            List<WebhookDelivery> page = withAttempts(handle, rows.subList(0, Math.min(limit, rows.size())));
            return Optional.of(new Page(page, rows.size() > limit ? page.get(limit - 1).id() : null));
        });
    }

    /**
     * Makes a delivery due now with a fresh retry schedule, whatever became of it before. One with an
     * attempt under way keeps it: a failure there is retried on the fresh schedule.
     */
    public Optional<WebhookDelivery> resend(WorkspaceId workspace, String endpointId, String deliveryId) {
        return jdbi.withHandle(handle -> {
            if (!ownsEndpoint(handle, workspace, endpointId)) {
                return Optional.empty();
            }
            return handle.createQuery("""
                            update webhook_deliveries set status = 'pending', retries_used = 0,
                                   next_attempt_at = case when leased then next_attempt_at else now() end
                             where delivery_id = :id and endpoint_id = :endpoint
                            returning delivery_id, event_id, event_type, status, created_at, next_attempt_at""")
                    .bind("id", deliveryId)
                    .bind("endpoint", endpointId)
                    .map((rs, ctx) -> delivery(rs))
                    .findOne()
                    .map(delivery -> withAttempts(handle, List.of(delivery)).get(0));
        });
    }

    private static boolean ownsEndpoint(Handle handle, WorkspaceId workspace, String endpointId) {
        return handle.createQuery("select count(*) from webhook_endpoints where endpoint_id = :id and workspace_id = :workspace")
                .bind("id", endpointId)
                .bind("workspace", workspace.value())
                .mapTo(Integer.class)
                .one() == 1;
    }

    private static List<WebhookDelivery> withAttempts(Handle handle, List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Map<String, List<WebhookDelivery.Attempt>> attempts = new LinkedHashMap<>();
        handle.createQuery("""
                        select delivery_id, attempt, attempted_at, status_code, error, duration_ms from webhook_attempts
                         where delivery_id = any(:ids) order by delivery_id, attempt""")
                .bind("ids", deliveries.stream().map(WebhookDelivery::id).toArray(String[]::new))
                .map((rs, ctx) -> Map.entry(rs.getString("delivery_id"), new WebhookDelivery.Attempt(
                        rs.getInt("attempt"), rs.getTimestamp("attempted_at").toInstant(),
                        (Integer) rs.getObject("status_code"), rs.getString("error"), rs.getLong("duration_ms"))))
                .forEach(entry -> attempts.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(entry.getValue()));
        return deliveries.stream()
                .map(d -> new WebhookDelivery(d.id(), d.eventId(), d.eventType(), d.status(), d.createdAt(),
                        d.nextAttemptAt(), List.copyOf(attempts.getOrDefault(d.id(), List.of()))))
                .toList();
    }

    /** A delivery row without its attempts, which {@link #withAttempts} adds. */
    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        return new WebhookDelivery(rs.getString("delivery_id"), rs.getString("event_id"), rs.getString("event_type"),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                next == null ? null : next.toInstant(), List.of());
    }
}
