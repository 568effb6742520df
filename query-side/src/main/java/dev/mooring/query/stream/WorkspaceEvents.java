package dev.mooring.query.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.query.events.AccountEvent;
import org.jdbi.v3.core.Jdbi;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The {@code workspace_events} table: every account event in stream order, as clients see it.
 * Written only by {@link WorkspaceEventsProjection}, read by the live feed and by resumes.
 */
@Component
public class WorkspaceEvents {

    /** What a resume runs: the caller's workspace only, along the {@code (workspace_id, position)} index. */
    public static final String RESUME = """
            select position, event_id, type, occurred_at, workspace_id, data
              from workspace_events
             where workspace_id = :workspace and position > :after and position <= :upTo
             order by position
             limit :limit""";

    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public WorkspaceEvents(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /**
     * Appends the event after the highest position so far; an event already here is left as it is.
     * A second writer racing for the same position fails on the primary key and its batch is retried,
     * so a position only ever commits after every lower one.
     */
    void append(AccountEvent event) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into workspace_events (position, workspace_id, event_id, type, occurred_at, data)
                        select coalesce(max(position), 0) + 1, :workspace, :eventId, :type, :occurredAt, cast(:data as jsonb)
                          from workspace_events
                        on conflict (event_id) do nothing""")
                .bind("workspace", event.workspaceId())
                .bind("eventId", event.id())
                .bind("type", event.type())
                .bind("occurredAt", event.createdAt())
                .bind("data", render(event.data()))
                .execute());
    }

    /** The highest position written so far, 0 for an empty table. */
    public long head() {
        return jdbi.withHandle(handle -> handle.createQuery("select coalesce(max(position), 0) from workspace_events")
                .mapTo(Long.class)
                .one());
    }

    /** Up to {@code limit} events of every workspace after {@code position}, oldest first: the live feed. */
    public List<StreamedEvent> after(long position, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select position, event_id, type, occurred_at, workspace_id, data
                          from workspace_events
                         where position > :after
                         order by position
                         limit :limit""")
                .bind("after", position)
                .bind("limit", limit)
                .map((rs, ctx) -> read(rs))
                .list());
    }

    /** Up to {@code limit} of one workspace's events after {@code after} and not beyond {@code upTo}, oldest first. */
    public List<StreamedEvent> inWorkspace(String workspaceId, long after, long upTo, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(RESUME)
                .bind("workspace", workspaceId)
                .bind("after", after)
                .bind("upTo", upTo)
                .bind("limit", limit)
                .map((rs, ctx) -> read(rs))
                .list());
    }

    private StreamedEvent read(ResultSet rs) throws SQLException {
        return new StreamedEvent(rs.getLong("position"), new AccountEvent(rs.getString("event_id"), rs.getString("type"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("workspace_id"), parse(rs.getString("data"))));
    }

    private String render(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the data of a workspace event", e);
        }
    }

    private Map<String, Object> parse(String data) {
        try {
            return json.readValue(data, DATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the data of a workspace event", e);
        }
    }
}
