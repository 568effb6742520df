package dev.mooring.query.stream;

import dev.mooring.query.events.AccountEvent;
import dev.mooring.query.events.AccountEvents;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the event store table in global order, the way the stream needs it: by position, with the
 * positions that are missing visible (Axon's own readers hide them in gap-aware tokens, and
 * deliver a late commit after its successors, which would break resuming by position). Rows are
 * read through the same upcasters as the event store, so an old revision reads as the current one.
 */
@Component
public class EventLog {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final Jdbi jdbi;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    public EventLog(Jdbi jdbi, @Qualifier("eventSerializer") Serializer serializer, EventUpcaster upcasters) {
        this.jdbi = jdbi;
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    private record Row(String identifier, String aggregateType, String aggregate, long sequence, String timestamp,
                       String type, String revision, byte[] payload, byte[] metaData) {
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
                        select global_index, event_identifier, type, aggregate_identifier, sequence_number, time_stamp,
                               payload_type, payload_revision, payload, meta_data
                          from domain_event_entry
                         where global_index > :position and global_index <= :upTo
                         order by global_index
                         limit :limit""")
                .bind("position", position)
                .bind("upTo", upTo)
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("global_index"), decode(new Row(rs.getString("event_identifier"),
                        rs.getString("type"), rs.getString("aggregate_identifier"), rs.getLong("sequence_number"),
                        rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                        rs.getBytes("payload"), rs.getBytes("meta_data")))))
                .list());
    }

    private Optional<AccountEvent> decode(Row row) {
        try {
            var stored = new GenericDomainEventEntry<>(row.aggregateType(), row.aggregate(), row.sequence(), row.identifier(),
                    row.timestamp(), row.type(), row.revision(), row.payload(), row.metaData());
            List<IntermediateEventRepresentation> upcast = upcasters
                    .upcast(Stream.of(new InitialEventRepresentation(stored, serializer)))
                    .toList();
            if (upcast.size() != 1) {
                return Optional.empty(); // every step in the chain maps one event to one; anything else is nothing the stream shows
            }
            Object event = serializer.deserialize(upcast.get(0).getData());
            return AccountEvents.of(row.identifier(), Instant.parse(row.timestamp()), event);
        } catch (SerializationException e) {
            // one unreadable event must not stop every stream; it is logged without its payload
            log.warn("event {} of type {} cannot be read for the stream: {}", row.identifier(), row.type(), e.getMessage());
            return Optional.empty();
        }
    }
}
