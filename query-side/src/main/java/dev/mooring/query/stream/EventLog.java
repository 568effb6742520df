package dev.mooring.query.stream;

import dev.mooring.query.events.AccountEvent;
import dev.mooring.query.events.AccountEvents;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the event store table in global order, the way the stream needs it: by position, with the
 * positions that are missing visible (Axon's own readers hide them in gap-aware tokens, and
 * deliver a late commit after its successors, which would break resuming by position).
 */
@Component
public class EventLog {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final Jdbi jdbi;
    private final Serializer serializer;

    public EventLog(Jdbi jdbi, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbi = jdbi;
        this.serializer = serializer;
    }

    /** One stored event, not yet decoded; {@code event} is empty for events readers never see. */
    public record Entry(long position, Optional<AccountEvent> event) {
    }

    /** The highest position written so far, 0 for an empty store. */
    public long head() {
        return jdbi.withHandle(handle -> handle.createQuery("select coalesce(max(global_index), 0) from domain_event_entry")
                .mapTo(Long.class)
                .one());
    }

    /** Up to {@code limit} entries after {@code position} and not beyond {@code upTo}, oldest first. */
    public List<Entry> read(long position, long upTo, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select global_index, event_identifier, time_stamp, payload_type, payload_revision, payload
                          from domain_event_entry
                         where global_index > :position and global_index <= :upTo
                         order by global_index
                         limit :limit""")
                .bind("position", position)
                .bind("upTo", upTo)
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("global_index"), decode(rs.getString("event_identifier"),
                        rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                        rs.getBytes("payload"))))
                .list());
    }

    private Optional<AccountEvent> decode(String identifier, String timestamp, String type, String revision, byte[] payload) {
        try {
            Object event = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type, revision));
            return AccountEvents.of(identifier, Instant.parse(timestamp), event);
        } catch (SerializationException e) {
            // one unreadable event must not stop every stream; it is logged without its payload
            log.warn("event {} of type {} cannot be read for the stream: {}", identifier, type, e.getMessage());
            return Optional.empty();
        }
    }
}
