-- The webhook outbox: one row per (event, endpoint), written in the same transaction as the
-- webhook-outbox processor's token, so an event is queued exactly when it is marked handled.
-- The unique key makes a re-handled event a no-op instead of a second delivery.
create table webhook_deliveries (
    delivery_id      varchar(64)  primary key,
    endpoint_id      varchar(64)  not null references webhook_endpoints (endpoint_id) on delete cascade,
    event_id         varchar(64)  not null,
    event_type       varchar(64)  not null,
    body             text         not null,
    status           varchar(16)  not null,  -- pending, succeeded, failed
    attempts         integer      not null default 0,
    retries_used     integer      not null default 0,  -- position in the retry schedule
    next_attempt_at  timestamptz,            -- when pending: due time, or the end of a sender's lease
    leased           boolean      not null default false,  -- an attempt is under way
    created_at       timestamptz  not null,
    unique (event_id, endpoint_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_endpoint on webhook_deliveries (endpoint_id, delivery_id);

create table webhook_attempts (
    delivery_id  varchar(64)  not null references webhook_deliveries (delivery_id) on delete cascade,
    attempt      integer      not null,
    attempted_at timestamptz  not null,
    status_code  integer,                    -- absent when no answer came (timeout, refused, ...)
    error        text,
    duration_ms  integer      not null,
    primary key (delivery_id, attempt)
);
