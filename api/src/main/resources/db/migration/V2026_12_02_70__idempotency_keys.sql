-- One row per Idempotency-Key a workspace sent: the request it names, and once that request has
-- been answered, the answer. The key is kept as SHA-256 only; the answer (which may show a new API
-- key or a webhook signing secret once) only sealed under a key derived from the master key.
-- A row without an answer is a request still running: claim_id says whose, claimed_until when an
-- instance that died mid-request counts as gone.
create table idempotency_keys (
    workspace_id    varchar(64)  not null references workspaces (workspace_id),
    key_hash        bytea        not null,
    method          varchar(16)  not null,
    path            text         not null,
    request_hash    bytea        not null,
    claim_id        varchar(32),
    claimed_until   timestamptz,
    response_status smallint,
    sealed_response bytea,
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    primary key (workspace_id, key_hash)
);
create index idempotency_keys_by_expiry on idempotency_keys (expires_at);
