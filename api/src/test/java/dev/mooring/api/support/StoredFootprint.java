package dev.mooring.api.support;

import dev.mooring.kernel.WorkspaceId;
import org.jdbi.v3.core.Jdbi;

/**
 * What connects leave in storage: one workspace's account rows and claimed identities, and every
 * stored event. Equal before and after means a failed connect created nothing.
 */
public record StoredFootprint(int accounts, int identities, long events) {

    public static StoredFootprint of(Jdbi jdbi, WorkspaceId workspace) {
        return jdbi.withHandle(handle -> new StoredFootprint(
                handle.createQuery("select count(*) from accounts where workspace_id = :ws")
                        .bind("ws", workspace.value()).mapTo(Integer.class).one(),
                handle.createQuery("select count(*) from account_identities where workspace_id = :ws")
                        .bind("ws", workspace.value()).mapTo(Integer.class).one(),
                handle.createQuery("select count(*) from domain_event_entry").mapTo(Long.class).one()));
    }
}
