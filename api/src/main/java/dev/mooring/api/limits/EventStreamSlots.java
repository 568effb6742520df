package dev.mooring.api.limits;

import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.limits.Quota;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open {@code GET /v1/events} streams of each workspace on this instance, against its quota.
 * A stream takes a slot when it opens and gives it back however it ends (closed by the client,
 * failed, or ended at shutdown).
 */
@Component
public class EventStreamSlots {

    private final Quota quota;
    private final Map<WorkspaceId, Integer> open = new ConcurrentHashMap<>();

    public EventStreamSlots(LimitsProperties settings) {
        this.quota = settings.eventStreamsQuota();
    }

    /** A slot for one more stream, or {@code QuotaExceeded}. */
    public Slot take(WorkspaceId workspace) {
        open.compute(workspace, (id, held) -> {
            quota.admitOneMore(held == null ? 0 : held);
            return held == null ? 1 : held + 1;
        });
        return new Slot(workspace);
    }

    /** One open stream's slot; giving it back twice gives back one. */
    public final class Slot implements AutoCloseable {

        private final WorkspaceId workspace;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(WorkspaceId workspace) {
            this.workspace = workspace;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(workspace, (id, held) -> held <= 1 ? null : held - 1);
            }
        }
    }
}
