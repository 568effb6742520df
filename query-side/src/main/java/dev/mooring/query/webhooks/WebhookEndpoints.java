package dev.mooring.query.webhooks;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.limits.Quota;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A workspace's webhook endpoints. Every read and write is scoped by workspace, so one tenant's
 * id means nothing to another. A signing secret leaves this class only in the answer that made it,
 * and rests only sealed ({@link WebhookSecrets}).
 */
@FrontDoor
@Component
public class WebhookEndpoints {

    private static final String ID_PREFIX = "ep_";
    private static final String COLUMNS = "endpoint_id, url, event_types, enabled, disabled_reason, created_at, updated_at";

    private final Jdbi jdbi;
    private final SecureRandom random;
    private final WebhookSettings settings;
    private final WebhookSecrets secrets;

    public WebhookEndpoints(Jdbi jdbi, SecureRandom random, WebhookSettings settings, WebhookSecrets secrets) {
        this.jdbi = jdbi;
        this.random = random;
        this.settings = settings;
        this.secrets = secrets;
    }

    /** An endpoint as created: the only time its secret is seen. */
    public record NewEndpoint(WebhookEndpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "NewEndpoint[" + endpoint.id() + ", secret redacted]";
        }
    }

    /** A rotation's answer: the new secret, and until when the previous one still signs. */
    public record RotatedSecret(String secret, Instant previousSecretExpiresAt) {
        @Override
        public String toString() {
            return "RotatedSecret[secret redacted, previous until " + previousSecretExpiresAt + "]";
        }
    }

    /** Fields to change; absent ones stay as they are. */
    public record Change(String url, List<String> eventTypes, Boolean enabled) {
    }

    /**
     * Creates an endpoint, unless the workspace already has as many as {@code quota} allows. The
     * count and the insert hold a lock per workspace for the transaction, so concurrent creates
     * cannot both take the last slot.
     */
    public NewEndpoint create(WorkspaceId workspace, String url, List<String> eventTypes, boolean enabled, Quota quota) {
        String id = ID_PREFIX + UlidCreator.getMonotonicUlid();
        String secret = WebhookSignature.newSecret(random);
        WebhookEndpoint endpoint = jdbi.inTransaction(handle -> {
            handle.createQuery("select 1 from pg_advisory_xact_lock(hashtext('webhook_endpoints:' || :workspace))")
                    .bind("workspace", workspace.value())
                    .mapTo(Integer.class)
                    .one();
            quota.admitOneMore(handle.createQuery("select count(*) from webhook_endpoints where workspace_id = :workspace")
                    .bind("workspace", workspace.value())
                    .mapTo(Long.class)
                    .one());
            return handle.createQuery("""
                            insert into webhook_endpoints (endpoint_id, workspace_id, url, event_types, enabled, secret,
                                                           created_at, updated_at)
                            values (:id, :workspace, :url, :eventTypes, :enabled, :secret, now(), now())
                            returning\s""" + COLUMNS)
                    .bind("id", id)
                    .bind("workspace", workspace.value())
                    .bind("url", url)
                    .bind("eventTypes", eventTypes.toArray(String[]::new))
                    .bind("enabled", enabled)
                    .bind("secret", secrets.seal(id, secret))
                    .map(WebhookEndpoints::endpoint)
                    .one();
        });
        return new NewEndpoint(endpoint, secret);
    }

    public List<WebhookEndpoint> list(WorkspaceId workspace) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS
                        + " from webhook_endpoints where workspace_id = :workspace order by endpoint_id")
                .bind("workspace", workspace.value())
                .map(WebhookEndpoints::endpoint)
                .list());
    }

    public Optional<WebhookEndpoint> find(WorkspaceId workspace, String id) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS
                        + " from webhook_endpoints where workspace_id = :workspace and endpoint_id = :id")
                .bind("workspace", workspace.value())
                .bind("id", id)
                .map(WebhookEndpoints::endpoint)
                .findOne());
    }

    /** Turning an endpoint back on clears the reason Mooring turned it off. */
    public Optional<WebhookEndpoint> change(WorkspaceId workspace, String id, Change change) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update webhook_endpoints set
                            url = coalesce(cast(:url as text), url),
                            event_types = coalesce(cast(:eventTypes as text[]), event_types),
                            enabled = coalesce(cast(:enabled as boolean), enabled),
                            disabled_reason = case when cast(:enabled as boolean) then null else disabled_reason end,
                            updated_at = now()
                        where workspace_id = :workspace and endpoint_id = :id
                        returning\s""" + COLUMNS)
                .bind("workspace", workspace.value())
                .bind("id", id)
                .bind("url", change.url())
                .bind("eventTypes", change.eventTypes() == null ? null : change.eventTypes().toArray(String[]::new))
                .bind("enabled", change.enabled())
                .map(WebhookEndpoints::endpoint)
                .findOne());
    }

    /** Deletes the endpoint and its delivery log; false when the workspace has no such endpoint. */
    public boolean delete(WorkspaceId workspace, String id) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "delete from webhook_endpoints where workspace_id = :workspace and endpoint_id = :id")
                .bind("workspace", workspace.value())
                .bind("id", id)
                .execute()) == 1;
    }

    /**
     * A new secret signs from now on; the one it replaces keeps signing beside it for the overlap. Both
     * are sealed to the endpoint, not to their column, so the old one moves over as it is.
     */
    public Optional<RotatedSecret> rotate(WorkspaceId workspace, String id) {
        String secret = WebhookSignature.newSecret(random);
        return jdbi.withHandle(handle -> handle.createQuery("""
                        update webhook_endpoints set
                            previous_secret = secret,
                            previous_secret_expires_at = now() + :overlap * interval '1 millisecond',
                            secret = :secret,
                            updated_at = now()
                        where workspace_id = :workspace and endpoint_id = :id
                        returning previous_secret_expires_at""")
                .bind("workspace", workspace.value())
                .bind("id", id)
                .bind("secret", secrets.seal(id, secret))
                .bind("overlap", settings.secretOverlap().toMillis())
                .mapTo(Instant.class)
                .findOne()
                .map(expires -> new RotatedSecret(secret, expires)));
    }

    private static WebhookEndpoint endpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        Array types = rs.getArray("event_types");
        return new WebhookEndpoint(
                rs.getString("endpoint_id"),
                rs.getString("url"),
                List.copyOf(Arrays.asList((String[]) types.getArray())),
                rs.getBoolean("enabled"),
                rs.getString("disabled_reason"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
