-- GET /v1/events reads this table, not the event store: the workspace-events processor writes each
-- account event here as clients see it (no secret reaches it), so the stream works the same on any
-- Axon event store. The position is the stream's own: assigned by the single writer as the highest
-- so far + 1, with the primary key refusing a second writer's duplicate, so positions are dense and
-- commit in order. The event id makes a replayed or redelivered event a no-op.
create table workspace_events (
    position      bigint       primary key,
    workspace_id  varchar(64)  not null,
    event_id      varchar(64)  not null unique,
    type          varchar(64)  not null,
    occurred_at   timestamptz  not null,
    data          jsonb        not null
);
-- a resume reads only the caller's workspace, whatever the other workspaces' history
create index workspace_events_by_workspace on workspace_events (workspace_id, position);
